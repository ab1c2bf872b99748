import { askQuestions, generateScene } from '@gradcam/shapeworld';
import { outputFolder } from '../output-folder';
import { writeGeneratedScenes } from './generated-scenes';

/** Said when a model of the user's is given but no image: only the bundled models come with scenes. */
export const NO_IMAGE_FOR_MODEL =
  '--image is needed with --model: name the image(s); only the bundled ShapeWorld models explain generated scenes without one';

/** The scene of `seed` written into `out` as scene-<seed>.png, for a command given no --image. */
export async function defaultSceneImage(out: string, seed: number): Promise<string> {
  const [written] = await writeGeneratedScenes(await outputFolder(out), [seed]);
  return written.file;
}

/** The first question ShapeWorld asks about the scene of `seed`, with its true answer. */
export function defaultQuestion(seed: number): { text: string; answer: string } {
  const [question] = askQuestions(generateScene(seed));
  return { text: question.text, answer: question.answer };
}
