import { fetchJson } from '../assets';

export type ReferenceModelName = 'classifier' | 'captioner' | 'vqa';

/** Which reference models the build found in @gradcam/shapeworld (`models/available.json`). */
export async function availableModels(): Promise<Set<ReferenceModelName>> {
  return new Set(await fetchJson<ReferenceModelName[]>('models/available.json', 'the list of models'));
}
