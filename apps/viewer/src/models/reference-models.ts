import type { Captioner } from '@gradcam/captioning';
import type { VqaModel } from '@gradcam/vqa';
import { availableModels } from './available';
import type { ImageClassifier } from './image-model';
import { loadReferenceClassifier } from './reference-classifier';

/** The reference models this build has; a missing or broken one is named in `problems`. */
export interface ReferenceModels {
  classifier?: ImageClassifier;
  captioner?: Captioner;
  vqa?: VqaModel;
  problems: string[];
}

/** Captioner and VQA loaders are optional: they exist once the trained weights are committed. */
export interface ExtraLoaders {
  captioner?: () => Promise<Captioner>;
  vqa?: () => Promise<VqaModel>;
}

async function attempt<T>(what: string, problems: string[], load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    problems.push(`the ${what} did not load: ${(error as Error).message}`);
    return undefined;
  }
}

export async function loadReferenceModels(extra: ExtraLoaders): Promise<ReferenceModels> {
  const available = await availableModels();
  const problems: string[] = [];
  const missing = (name: string) =>
    problems.push(`no reference ${name} in this build (packages/shapeworld/models/${name} is not there yet)`);
  const [classifier, captioner, vqa] = await Promise.all([
    available.has('classifier')
      ? attempt('classifier', problems, loadReferenceClassifier)
      : missing('classifier'),
    available.has('captioner') && extra.captioner
      ? attempt('captioner', problems, extra.captioner)
      : missing('captioner'),
    available.has('vqa') && extra.vqa ? attempt('VQA model', problems, extra.vqa) : missing('vqa'),
  ]);
  return {
    classifier: typeof classifier === 'object' ? classifier : undefined,
    captioner: typeof captioner === 'object' ? captioner : undefined,
    vqa: typeof vqa === 'object' ? vqa : undefined,
    problems,
  };
}
