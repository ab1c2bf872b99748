import type { RgbImage } from '@gradcam/render';
import { askQuestions, generateScene, type Question, type Scene } from '@gradcam/shapeworld';

/** What is explained: a generated scene (with its ground truth and questions) or the user's image. */
export interface ViewerInput {
  label: string;
  image: RgbImage;
  scene?: Scene;
  /** Questions generated for the scene, with their answers and the objects they rest on. */
  questions: Question[];
}

/** Several questions of each type, so that the page can offer a choice. */
const QUESTIONS_PER_TYPE = 3;

export function sceneInput(seed: number): ViewerInput {
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`the seed must be a whole number >= 0, got ${seed}`);
  const scene = generateScene(seed);
  return {
    label: `ShapeWorld scene, seed ${seed}: ${scene.objects.map((o) => `${o.color} ${o.shape}`).join(', ')}`,
    image: scene.image,
    scene,
    questions: askQuestions(scene, { perType: QUESTIONS_PER_TYPE }),
  };
}

export function imageInput(name: string, image: RgbImage): ViewerInput {
  return { label: `${name} (${image.width}x${image.height}; no ground truth)`, image, questions: [] };
}
