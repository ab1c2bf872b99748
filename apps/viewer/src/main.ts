// The engine's package first: it sets up tfjs-core's chained ops and gradients for every other module.
import '@gradcam/core';
import { loadCaptionerFromUrl } from '@gradcam/captioning';
import { colorBar, PRESETS, type PresetName } from '@gradcam/render';
import { loadVqaModelFromUrl } from '@gradcam/vqa';
import { exposeState } from './app/expose';
import { imageInput, sceneInput } from './app/input';
import { TABS, type Tab, Viewer } from './app/viewer';
import { assetUrl } from './assets';
import { chooseBackend } from './backend';
import { loadReferenceModels } from './models/reference-models';
import { loadUserClassifier } from './models/user-classifier';
import { decodeImageFile, drawImage } from './ui/canvas';
import { byId, el } from './ui/dom';
import { acceptFiles } from './ui/drop';

const params = new URLSearchParams(location.search);

function showQuestions(viewer: Viewer): void {
  const questions = viewer.input.questions;
  byId('questions').replaceChildren(...questions.map((q) => el('option', { value: q.text })));
  byId('question-suggestions').replaceChildren(
    ...questions.map((q) => {
      const button = el('button', { type: 'button', class: 'suggestion' }, q.text);
      button.addEventListener('click', () => {
        byId<HTMLInputElement>('question').value = q.text;
        viewer.refresh();
      });
      return button;
    }),
  );
  if (questions.length === 0) byId('question-suggestions').textContent = 'none (no scene)';
}

function fillClassifiers(viewer: Viewer): void {
  const select = byId<HTMLSelectElement>('classifier');
  const options = [];
  if (viewer.models.classifier)
    options.push(el('option', { value: 'reference' }, viewer.models.classifier.name));
  if (viewer.userClassifier)
    options.push(el('option', { value: 'user' }, `yours: ${viewer.userClassifier.name}`));
  select.replaceChildren(...options);
  select.value = viewer.useUserClassifier ? 'user' : 'reference';
}

function wire(viewer: Viewer): void {
  const setInput = (input: ReturnType<typeof sceneInput>) => {
    viewer.setInput(input);
    showQuestions(viewer);
  };
  byId('scene-form').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      setInput(sceneInput(Number(byId<HTMLInputElement>('seed').value)));
    } catch (error) {
      viewer.showError((error as Error).message);
    }
  });
  byId('random').addEventListener('click', () => {
    const seed = Math.floor(Math.random() * 1e6);
    byId<HTMLInputElement>('seed').value = String(seed);
    setInput(sceneInput(seed));
  });
  acceptFiles(byId('drop-image'), byId<HTMLInputElement>('image-file'), async ([file]) => {
    try {
      setInput(imageInput(file.name, await decodeImageFile(file)));
    } catch (error) {
      viewer.showError((error as Error).message);
    }
  });
  for (const tab of TABS) byId(`tab-${tab}`).addEventListener('click', () => viewer.setTab(tab));
  byId('method').addEventListener('change', () => {
    viewer.syncCounterfactual();
    viewer.refresh();
  });
  byId('layer').addEventListener('change', () => viewer.refresh());
  byId('counterfactual').addEventListener('change', () => viewer.refresh());
  byId('guided').addEventListener('change', () => viewer.refresh());
  byId('caption-form').addEventListener('submit', (event) => {
    event.preventDefault();
    viewer.refresh();
  });
  byId('question-form').addEventListener('submit', (event) => {
    event.preventDefault();
    viewer.refresh();
  });
  byId('classifier').addEventListener('change', () => {
    viewer.useUserClassifier = byId<HTMLSelectElement>('classifier').value === 'user';
    viewer.fillLayers();
    viewer.refresh();
  });
  const scaling = byId<HTMLSelectElement>('model-scaling');
  scaling.replaceChildren(...Object.keys(PRESETS).map((name) => el('option', { value: name }, name)));
  scaling.value = 'unit';
  acceptFiles(byId('drop-model'), byId<HTMLInputElement>('model-files'), async (files) => {
    try {
      const loaded = await loadUserClassifier(files, PRESETS[scaling.value as PresetName]);
      viewer.userClassifier?.model.dispose();
      viewer.userClassifier = loaded;
      viewer.useUserClassifier = true;
      fillClassifiers(viewer);
      viewer.fillLayers();
      viewer.refresh();
    } catch (error) {
      viewer.showError((error as Error).message);
    }
  });
}

async function start(): Promise<void> {
  drawImage(byId<HTMLCanvasElement>('colorbar'), colorBar('jet', 256, 12));
  const backend = await chooseBackend(params.get('backend'));
  byId('backend').textContent = backend.name;
  byId('backend-note').textContent = backend.skipped.length
    ? `(${backend.skipped.map((s) => `${s.name} unavailable: ${s.reason}`).join('; ')})`
    : '';
  const models = await loadReferenceModels({
    captioner: () => loadCaptionerFromUrl(assetUrl('models/captioner/')),
    vqa: () => loadVqaModelFromUrl(assetUrl('models/vqa/')),
  });
  const viewer = new Viewer(backend, models);
  if (models.problems.length > 0)
    byId('backend-note').append(el('span', { class: 'muted' }, ` · ${models.problems.join('; ')}`));
  viewer.fillMethods();
  fillClassifiers(viewer);
  wire(viewer);
  const seed = Number(params.get('seed') ?? 1);
  byId<HTMLInputElement>('seed').value = String(seed);
  viewer.setInput(sceneInput(seed), false);
  showQuestions(viewer);
  exposeState(viewer);
  const tab = (params.get('tab') as Tab | null) ?? (models.captioner ? 'caption' : 'classes');
  viewer.setTab(TABS.includes(tab) ? tab : 'classes');
}

start().catch((error: Error) => {
  const box = byId('error');
  box.hidden = false;
  box.textContent = `the viewer could not start: ${error.message}`;
  byId('busy').textContent = 'stopped';
});
