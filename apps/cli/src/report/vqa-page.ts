import { basename } from 'node:path';
import type { ReportInput, ReportPanel, RgbImage } from '@gradcam/render';
import type { AnswerExplanation, ExplainedAnswer } from '@gradcam/vqa';
import { pageBanner } from './degenerate-maps';
import { guidedPng, overlayPng } from './images';

export interface VqaPageData {
  file: string;
  image: RgbImage;
  /** The maps as asked for (counterfactual with --counterfactual). */
  result: AnswerExplanation;
  /** Overlays already encoded for the files, one per answer of `result.answers`. */
  overlays: Uint8Array[];
  /** With --counterfactual: the plain maps of the same answers, shown beside the counterfactual ones. */
  plain?: AnswerExplanation;
  /** Plain maps of more methods, compared side by side on the page. */
  compared?: AnswerExplanation[];
  model: string;
  colormap: string;
  preset: string;
  /** Why the whole page may mean nothing (the page banner). */
  notice?: string;
  /** Per answer of `result.answers`: why its map carries no location, when so. */
  degenerate?: (string | undefined)[];
}

async function panel(
  data: VqaPageData,
  answer: ExplainedAnswer,
  overlay: Uint8Array,
  degenerate: string | undefined,
): Promise<ReportPanel> {
  const { result, plain } = data;
  const method = result.method;
  const plainAnswer = plain?.answers.find((a) => a.index === answer.index);
  // Question words as they speak for the answer: the plain pass's when there is one, since the
  // counterfactual pass negates them.
  const words = (plainAnswer ?? answer).wordImportance;
  const counterfactual = result.counterfactual && plainAnswer !== undefined;
  const maps: Record<string, Uint8Array> = counterfactual
    ? { [method]: await overlayPng(data.image, plainAnswer.map, data.colormap) }
    : { [result.counterfactual ? `${method} (counterfactual)` : method]: overlay };
  for (const other of data.compared ?? []) {
    const same = other.answers.find((a) => a.index === answer.index);
    if (same) maps[other.method] = await overlayPng(data.image, same.map, data.colormap);
  }
  return {
    label: answer.answer,
    score: answer.score,
    probability: answer.probability,
    notes: [
      answer.rank === 1 ? "rank 1: the model's answer" : `rank ${answer.rank}`,
      'question words: gradient x embedding, shaded on one scale for all answers',
      ...(degenerate ? [degenerate] : []),
    ],
    maps,
    counterfactual: counterfactual ? { [method]: overlay } : undefined,
    guided: answer.guided && (await guidedPng(answer.guided)),
    guidedGradCam: answer.guidedGradCam && (await guidedPng(answer.guidedGradCam)),
    questionWords: words.map((w) => ({
      word: w.word,
      score: w.score,
      note: `gradient norm ${w.gradientNorm.toPrecision(3)}${w.known ? '' : '; unknown word, read as <unk>'}`,
    })),
  };
}

/** The page of `gradcam vqa`: the question, and each explained answer with its map and word chips. */
export async function vqaPage(data: VqaPageData): Promise<ReportInput> {
  const { result, plain } = data;
  const panels: ReportPanel[] = [];
  for (const [k, answer] of result.answers.entries())
    panels.push(await panel(data, answer, data.overlays[k], data.degenerate?.[k]));
  const predicted = result.predicted;
  return {
    image: data.image,
    kind: 'answers',
    panels,
    meta: {
      title: basename(data.file),
      subtitle: result.question,
      command: 'gradcam vqa',
      layers: [result.layer],
      backend: result.backend,
      model: data.model,
      timeMs: [result, plain, ...(data.compared ?? [])].reduce((t, e) => t + (e?.timeMs ?? 0), 0),
      colormap: data.colormap,
      details: {
        answer: `${predicted.answer} (p ${(100 * predicted.probability).toFixed(1)}%)`,
        image: `${data.file} (${data.image.width}x${data.image.height})`,
        preset: data.preset,
      },
      notes: [
        ...(result.unknownWords.length > 0
          ? [`unknown question words, read as <unk>: ${result.unknownWords.join(', ')}`]
          : []),
        ...(result.counterfactual
          ? ['counterfactual maps (beside each plain map): the regions that speak against the answer']
          : []),
      ],
      banner: pageBanner(data.notice, data.degenerate),
    },
  };
}
