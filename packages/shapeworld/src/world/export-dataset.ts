import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage, writeImage } from '@gradcam/render';
import { answerDistribution } from './answer-distribution';
import type { Caption } from './captions';
import { type DatasetOptions, generateDataset } from './dataset';
import type { Question } from './questions';
import { decodeMask, encodeMask } from './rle';
import type { Scene, SceneObject } from './scene';
import { answerVocabulary, captionVocabulary, questionVocabulary } from './vocabulary';

/** A scene as stored: the image by file name, masks as run lengths (see rle.ts). */
export interface SceneJson {
  seed: number;
  width: number;
  height: number;
  image: string;
  objects: (Omit<SceneObject, 'mask'> & { mask: { rle: number[] } })[];
  captions: Caption[];
  questions: Question[];
}

export interface ExportSummary {
  dir: string;
  count: number;
  files: string[];
}

const sceneName = (index: number) => `scene-${String(index).padStart(6, '0')}`;

/**
 * Writes `count` scenes of the set seeded `seed` to `dir`: `scene-NNNNNN.png` and
 * `scene-NNNNNN.json` (objects with colour, shape, box and run-length mask; captions with
 * word-object links; questions with answers and supporting objects), and `dataset.json` with the
 * options, the vocabularies and the answer distribution per question type.
 */
export async function exportDataset(dir: string, options: DatasetOptions): Promise<ExportSummary> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const questions: Question[] = [];
  let index = 0;
  for (const item of generateDataset(options)) {
    const name = sceneName(index++);
    const json: SceneJson = {
      seed: item.scene.seed,
      width: item.scene.width,
      height: item.scene.height,
      image: `${name}.png`,
      objects: item.scene.objects.map(({ mask, ...rest }) => ({ ...rest, mask: { rle: encodeMask(mask) } })),
      captions: item.captions,
      questions: item.questions,
    };
    await writeImage(join(dir, json.image), item.scene.image);
    await writeFile(join(dir, `${name}.json`), `${JSON.stringify(json)}\n`);
    files.push(json.image, `${name}.json`);
    questions.push(...item.questions);
  }
  const manifest = {
    generator: '@gradcam/shapeworld',
    options,
    count: index,
    maskEncoding: 'row-major run lengths of alternating 0 and 1 runs, starting with a run of 0s',
    boxes: 'inclusive pixel bounds {x0, y0, x1, y1}',
    vocabularies: {
      captions: captionVocabulary(),
      questions: questionVocabulary(),
      answers: answerVocabulary(),
    },
    answerDistribution: answerDistribution(questions),
  };
  await writeFile(join(dir, 'dataset.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  files.push('dataset.json');
  return { dir, count: index, files };
}

/** Reads one exported scene back: image decoded, masks expanded, captions and questions as written. */
export async function readExportedScene(
  dir: string,
  index: number,
): Promise<{ scene: Scene; captions: Caption[]; questions: Question[] }> {
  const json = JSON.parse(await readFile(join(dir, `${sceneName(index)}.json`), 'utf8')) as SceneJson;
  const decoded = await decodeImage(join(dir, json.image));
  const size = json.width * json.height;
  const scene: Scene = {
    seed: json.seed,
    width: json.width,
    height: json.height,
    image: { data: decoded.data, width: decoded.width, height: decoded.height, channels: 3 },
    objects: json.objects.map((o) => ({ ...o, mask: decodeMask(o.mask.rle, size) })),
  };
  return { scene, captions: json.captions, questions: json.questions };
}
