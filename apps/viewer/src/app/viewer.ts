import { getMethod, type MapData, methodNames } from '@gradcam/core';
import { overlayHeatmap } from '@gradcam/render';
import { listLayers } from '@gradcam/tfjs';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BackendReport } from '../backend';
import { explainAnswers } from '../explain/answers';
import { explainClasses } from '../explain/classes';
import type { Explained, ViewOptions } from '../explain/panel';
import { explainWords } from '../explain/words';
import { findQuestion, type GroundTruthMetrics, groundTruthMetrics } from '../ground-truth';
import type { ImageClassifier } from '../models/image-model';
import type { ReferenceModels } from '../models/reference-models';
import { drawImage } from '../ui/canvas';
import { renderDetails } from '../ui/details';
import { byId, el } from '../ui/dom';
import { showGuided } from '../ui/guided';
import { renderPanels } from '../ui/panel-list';
import { showDomainNote } from './domain-note';
import type { ViewerInput } from './input';
import { panelObjects } from './objects';

export type Tab = 'caption' | 'question' | 'classes';
export const TABS: readonly Tab[] = ['caption', 'question', 'classes'];

const PANEL_LIST: Record<Tab, string> = { caption: 'caption', question: 'answers', classes: 'classes' };
const DETAILS: Record<Tab, string> = {
  caption: 'caption-details',
  question: 'answer-details',
  classes: 'class-details',
};

/** The page's state and what changes it. Explanations run one at a time, newest request wins. */
export class Viewer {
  tab: Tab = 'caption';
  input!: ViewerInput;
  userClassifier?: ImageClassifier;
  useUserClassifier = false;
  explained?: Explained;
  objects: (number[] | undefined)[] = [];
  selected = 0;
  /** Explanations finished so far: tests wait for it to move. */
  runs = 0;
  busy = false;
  error?: string;
  private queue: Promise<void> = Promise.resolve();
  private requested = 0;
  private markSelected: (index: number) => void = () => {};

  constructor(
    readonly backend: BackendReport,
    readonly models: ReferenceModels,
  ) {}

  get options(): ViewOptions {
    return {
      method: byId<HTMLSelectElement>('method').value,
      layer: byId<HTMLSelectElement>('layer').value || undefined,
      counterfactual: byId<HTMLInputElement>('counterfactual').checked,
      guided: byId<HTMLInputElement>('guided').checked,
    };
  }

  get classifier(): ImageClassifier | undefined {
    return this.useUserClassifier ? this.userClassifier : this.models.classifier;
  }

  /** The LayersModel whose layers the layer list offers on this tab. */
  private tabModel(): LayersModel | undefined {
    if (this.tab === 'caption') return this.models.captioner?.encoder;
    if (this.tab === 'question') return this.models.vqa?.encoder;
    return this.classifier?.model;
  }

  /** The explainable layers of the tab's model, the model's default first selected. */
  fillLayers(): void {
    const select = byId<HTMLSelectElement>('layer');
    const model = this.tabModel();
    const layers = model ? listLayers(model).filter((l) => l.explainable) : [];
    select.replaceChildren(
      el('option', { value: '' }, 'default'),
      ...layers.map((l) =>
        el(
          'option',
          { value: l.name },
          `${l.name} (${l.className}, ${l.shape.slice(1).join('x')})${l.isDefault ? ' · default' : ''}`,
        ),
      ),
    );
  }

  fillMethods(): void {
    const select = byId<HTMLSelectElement>('method');
    select.replaceChildren(...methodNames().map((m) => el('option', { value: m }, m)));
    select.value = 'gradcam';
  }

  /** Counterfactual maps negate gradients: gradient-free methods have none to negate. */
  syncCounterfactual(): void {
    const box = byId<HTMLInputElement>('counterfactual');
    const gradient = getMethod(byId<HTMLSelectElement>('method').value).kind === 'gradient';
    box.disabled = !gradient;
    if (!gradient) box.checked = false;
    box.title = gradient ? '' : 'counterfactual maps need a gradient method';
  }

  setInput(input: ViewerInput, explain = true): void {
    this.input = input;
    drawImage(byId<HTMLCanvasElement>('image'), input.image);
    byId('input-label').textContent = input.label;
    this.explained = undefined;
    if (explain) this.refresh();
  }

  setTab(tab: Tab): void {
    this.tab = tab;
    for (const t of TABS) {
      byId(`tab-${t}`).setAttribute('aria-selected', String(t === tab));
      byId(`panel-${t}`).hidden = t !== tab;
    }
    this.fillLayers();
    this.refresh();
  }

  /** Explains the current input on the current tab with the current settings. */
  refresh(): void {
    // Captioner and VQA model are always the bundled ones; the classifier is, unless the user loaded theirs.
    showDomainNote(this.input.scene === undefined, this.tab !== 'classes' || !this.useUserClassifier);
    if (this.tab === 'caption') {
      // The user's own caption while the box holds one, else the model's.
      const own = byId<HTMLInputElement>('caption-text').value.trim();
      this.run(() => this.explainCaption(own || undefined));
    } else if (this.tab === 'classes') this.run(() => this.explainClasses());
    else {
      const box = byId<HTMLInputElement>('question');
      // An empty question box gets the scene's first generated question, so the tab shows something.
      if (!box.value.trim() && this.input.questions.length > 0) box.value = this.input.questions[0].text;
      const question = box.value.trim();
      this.clear();
      if (question) this.run(() => this.explainQuestion(question));
    }
  }

  explainCaption(caption?: string): Promise<Explained | undefined> {
    const captioner = this.models.captioner;
    if (!captioner) return this.unavailable('There is no reference captioner in this build yet.');
    return explainWords(captioner, this.input.image, this.options, caption);
  }

  explainQuestion(question: string): Promise<Explained | undefined> {
    const vqa = this.models.vqa;
    if (!vqa) return this.unavailable('There is no reference VQA model in this build yet.');
    return explainAnswers(vqa, this.input.image, question, this.options);
  }

  explainClasses(): Promise<Explained | undefined> {
    const classifier = this.classifier;
    if (!classifier) return this.unavailable('No classifier is loaded.');
    return explainClasses(classifier, this.input.image, this.options);
  }

  private async unavailable(message: string): Promise<undefined> {
    byId(DETAILS[this.tab]).textContent = message;
    return undefined;
  }

  private clear(): void {
    byId(PANEL_LIST[this.tab]).replaceChildren();
    byId(DETAILS[this.tab]).replaceChildren();
    this.explained = undefined;
  }

  /** Queues an explanation; a newer request makes older queued ones skip their work. */
  run(task: () => Promise<Explained | undefined>): void {
    const ticket = ++this.requested;
    const tab = this.tab;
    this.busy = true;
    byId('busy').textContent = 'explaining…';
    this.queue = this.queue.then(async () => {
      if (ticket !== this.requested) return;
      try {
        const explained = await task();
        if (ticket !== this.requested || tab !== this.tab) return;
        this.showError(undefined);
        if (explained) this.show(explained);
      } catch (error) {
        if (ticket === this.requested) this.showError((error as Error).message);
      } finally {
        if (ticket === this.requested) {
          this.busy = false;
          this.runs++;
          byId('busy').textContent = this.explained
            ? `${this.explained.method} at ${this.explained.layer} in ${Math.round(this.explained.timeMs)} ms`
            : 'ready';
        }
      }
    });
  }

  showError(message: string | undefined): void {
    this.error = message;
    const box = byId('error');
    box.hidden = message === undefined;
    box.textContent = message ?? '';
  }

  private show(explained: Explained): void {
    this.explained = explained;
    this.objects = panelObjects(this.input, explained, !this.useUserClassifier);
    this.markSelected = renderPanels(byId(PANEL_LIST[this.tab]), explained, (i) => this.select(i));
    byId('explained').textContent =
      `${explained.method}${explained.counterfactual ? ' (counterfactual)' : ''} · layer ${explained.layer} · ${explained.backend} · ${Math.round(explained.timeMs)} ms`;
    this.select(0);
  }

  /** The right answer, when the question is one the scene's generator asked. */
  get trueAnswer(): string | undefined {
    if (this.explained?.kind !== 'answers') return undefined;
    return findQuestion(this.input.questions, this.explained.text ?? '')?.answer;
  }

  get selectedMap(): MapData | undefined {
    return this.explained?.panels[this.selected]?.map;
  }

  metrics(index = this.selected): GroundTruthMetrics | undefined {
    const objects = this.objects[index];
    const map = this.explained?.panels[index]?.map;
    return this.input.scene && objects && map
      ? groundTruthMetrics(this.input.scene, objects, map)
      : undefined;
  }

  select(index: number): void {
    const explained = this.explained;
    if (!explained) return;
    this.selected = index;
    const panel = explained.panels[index];
    drawImage(byId<HTMLCanvasElement>('overlay'), overlayHeatmap(this.input.image, panel.map));
    byId('overlay-caption').textContent =
      `${panel.label} · ${explained.method}${explained.counterfactual ? ' counterfactual' : ''}`;
    showGuided(panel);
    this.markSelected(index);
    renderDetails(byId(DETAILS[this.tab]), panel, this.metrics(index), this.trueAnswer);
  }
}
