/**
 * Which ShapeWorld scenes suit the end-to-end tests with the committed reference models: for
 * seeds 1..N, the captioner's caption and whether the map of its first colour-shape word (and of
 * the first shape word of ShapeWorld's own description) peaks inside that object, and whether the
 * VQA model answers the scene's colour question right with its map's maximum on the object.
 * Run after retraining (the tests' seeds are in test/cases/): `pnpm build`, then
 * `npx tsx scripts/find-test-seeds.ts [N]` here.
 */

import { explainCaption, loadCaptioner } from '@gradcam/captioning';
import { selectBackend } from '@gradcam/core';
import { askQuestions, describeScene, generateScene, type Scene, scenesToTensor } from '@gradcam/shapeworld';
import { explainAnswer, loadVqaModel } from '@gradcam/vqa';
import { namingWord } from '../test/helpers/naming-word';
import { argmax } from '../test/helpers/page-state';
import { CAPTIONER_DIR, HAVE_CAPTIONER, HAVE_VQA, VQA_DIR } from '../test/helpers/reference-models';

const peakIn = (scene: Scene, object: number, map: Float32Array) =>
  scene.objects[object].mask[argmax(Array.from(map))] === 1;

async function main(count: number): Promise<void> {
  await selectBackend('wasm');
  const captioner = HAVE_CAPTIONER ? await loadCaptioner(CAPTIONER_DIR) : undefined;
  const vqa = HAVE_VQA ? await loadVqaModel(VQA_DIR) : undefined;
  for (let seed = 1; seed <= count; seed++) {
    const scene = generateScene(seed);
    const input = scenesToTensor([scene]);
    const line = [`seed ${seed}`];
    if (captioner) {
      const own = await explainCaption(captioner, input);
      const words = own.words.map((w) => w.text);
      const naming = namingWord(scene, words);
      const description = describeScene(scene)[0];
      const given = await explainCaption(captioner, input, { caption: description.text });
      const link = description.links.find((l) => l.role === 'shape' && l.objects.length === 1)!;
      line.push(
        `caption '${own.caption}': ${naming ? `'${words[naming.index]}' ${peakIn(scene, naming.object, own.words[naming.index].map.data) ? 'hit' : 'miss'}` : 'names no object'}; ` +
          `description '${description.words[link.word]}' ${peakIn(scene, link.objects[0], given.words[link.word].map.data) ? 'hit' : 'miss'}`,
      );
    }
    const question = askQuestions(scene, { perType: 3 }).find(
      (q) => q.text.startsWith('what color') && q.objects.length === 1,
    );
    if (vqa && question) {
      const explained = await explainAnswer(vqa, input, question.text);
      const best = explained.answers[0];
      line.push(
        `'${question.text}' ${best.answer} (${best.answer === question.answer ? 'right' : `wrong, ${question.answer}`}) ${peakIn(scene, question.objects[0], best.map.data) ? 'hit' : 'miss'}`,
      );
    }
    input.dispose();
    console.log(line.join(' | '));
  }
  captioner?.dispose();
  vqa?.dispose();
}

await main(Number(process.argv[2] ?? 30));
