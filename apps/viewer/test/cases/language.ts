// The engine's package first: tfjs-core's chained ops and gradients for the Node-side explanations.
import '@gradcam/core';
import { join } from 'node:path';
import { explainCaption, loadCaptioner } from '@gradcam/captioning';
import { selectBackend } from '@gradcam/core';
import { describeScene, generateScene, scenesToTensor } from '@gradcam/shapeworld';
import { explainAnswer, loadVqaModel } from '@gradcam/vqa';
import { beforeAll, expect, it } from 'vitest';
import { skipNote, skipWithout } from '../../../../packages/core/test/helpers/required-resource';
import { CHROMIUM_BROWSER } from '../helpers/browser';
import { maxAbsDiff } from '../helpers/max-diff';
import { namingWord } from '../helpers/naming-word';
import { pageState } from '../helpers/page-state';
import {
  CAPTIONER_DIR,
  CAPTIONER_MODEL,
  HAVE_CAPTIONER,
  HAVE_VQA,
  VQA_DIR,
  VQA_MODEL,
} from '../helpers/reference-models';
import { describe as named, objectsAtPeak } from '../helpers/scene-checks';
import { ARTIFACTS, change, choosePanel, type ViewerSession } from '../helpers/viewer-session';

/** Scene 1: the committed captioner names its red square, and the map of "square" peaks on it. */
const CAPTION_SEED = 1;
/** Scene 1: the committed VQA model answers its colour question right, its map peaking on the square (re-pick with scripts/find-test-seeds.ts after retraining). */
const QUESTION_SEED = 1;

/** The caption and question tabs, checked against the same models run in Node. */
export function languageCases({ open }: ViewerSession): void {
  beforeAll(async () => {
    // The Node side computes the same explanations from the same files, as an independent check.
    if (HAVE_CAPTIONER || HAVE_VQA) await selectBackend('wasm');
  });

  it.skipIf(skipWithout(CHROMIUM_BROWSER) || skipWithout(CAPTIONER_MODEL))(
    `caption: clicking a word that names an object shows its map, peaking on that object${skipNote(CAPTIONER_MODEL)}`,
    async () => {
      const { page, errors, state } = await open(`seed=${CAPTION_SEED}&tab=caption`);
      expect(state.error).toBeUndefined();
      const scene = generateScene(CAPTION_SEED);
      const captioner = await loadCaptioner(CAPTIONER_DIR);
      const input = scenesToTensor([scene]);
      const reference = await explainCaption(captioner, input, { method: 'gradcam' });
      input.dispose();
      captioner.dispose();
      const words = reference.words.map((w) => w.text);
      // The page wrote the caption Node's loader and decoder write from the same files.
      expect(state.explained!.labels).toEqual([...words, 'whole caption']);
      expect(await page.textContent('#caption')).toContain(words.join(''));

      const naming = namingWord(scene, words);
      expect(naming, `'${reference.caption}' names no object by colour and shape`).toBeDefined();
      const { index, object } = naming!;
      const chosen = await choosePanel(page, 'caption', index);
      expect(chosen.map!.label).toBe(words[index]);
      const hits = objectsAtPeak(chosen.scene!, chosen.map!);
      expect(hits, `'${words[index - 1]} ${words[index]}' peaks on ${named(chosen.scene!, hits)}`).toEqual([
        object,
      ]);
      expect(chosen.metrics?.pointingHit).toBe(true);
      expect(maxAbsDiff(chosen.map!.data, reference.words[index].map.data)).toBeLessThan(1e-3);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-caption.png'), fullPage: true });
      // The part the README shows: the image, the word's map and the caption.
      await page.locator('.workspace').screenshot({ path: join(ARTIFACTS, 'viewer-caption-workspace.png') });

      // The arrows move between words, and the overlay follows.
      await page.keyboard.press('ArrowRight');
      const next = await pageState(page);
      expect(next.explained!.selected).toBe(index + 1);
      expect(next.map!.label).toBe(index + 1 < words.length ? words[index + 1] : 'whole caption');
      expect(await page.getAttribute(`#caption button[data-panel="${index + 1}"]`, 'aria-pressed')).toBe(
        'true',
      );

      // A caption of one's own: ShapeWorld's description of the scene, whose words it links to objects.
      const own = describeScene(scene)[0];
      const typed = await change(page, async () => {
        await page.fill('#caption-text', own.text);
        await page.click('#caption-form button[type="submit"]');
      });
      expect(typed.explained!.labels).toEqual([...own.words, 'whole caption']);
      const link = own.links.find((l) => l.role === 'shape' && l.objects.length === 1)!;
      const word = await choosePanel(page, 'caption', link.word);
      expect(objectsAtPeak(word.scene!, word.map!)).toEqual(link.objects);

      // Another method re-explains the same caption; emptying the box goes back to the model's own.
      const plusplus = await change(page, () => page.selectOption('#method', 'gradcampp'));
      expect(plusplus.explained).toMatchObject({
        method: 'gradcampp',
        labels: [...own.words, 'whole caption'],
      });
      const back = await change(page, async () => {
        await page.fill('#caption-text', '');
        await page.click('#caption-form button[type="submit"]');
      });
      expect(back.explained!.labels).toEqual([...words, 'whole caption']);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it.skipIf(skipWithout(CHROMIUM_BROWSER) || skipWithout(VQA_MODEL))(
    `question: the answer and its map, peaking on the object asked about; question-word importances${skipNote(VQA_MODEL)}`,
    async () => {
      const { page, errors, state } = await open(`seed=${QUESTION_SEED}&tab=question`);
      const question = state.questions.find((q) => q.text.startsWith('what color') && q.objects.length === 1);
      expect(question, 'the scene has a colour question').toBeDefined();
      const asked = await change(page, async () => {
        await page.fill('#question', question!.text);
        await page.click('#ask');
      });
      expect(asked.error).toBeUndefined();
      expect(asked.explained).toMatchObject({ kind: 'answers', text: question!.text });
      expect(asked.explained!.labels[0]).toBe(question!.answer);
      expect(asked.trueAnswer).toBe(question!.answer);
      expect(await page.textContent('#answer-details .truth')).toBe(
        `the scene’s answer: ${question!.answer} (this one)`,
      );
      const hits = objectsAtPeak(asked.scene!, asked.map!);
      expect(hits, `the map of '${question!.answer}' peaks on ${named(asked.scene!, hits)}`).toEqual(
        question!.objects,
      );

      const vqa = await loadVqaModel(VQA_DIR);
      const input = scenesToTensor([generateScene(QUESTION_SEED)]);
      const reference = await explainAnswer(vqa, input, question!.text, { top: 3 });
      input.dispose();
      vqa.dispose();
      expect(asked.explained!.labels).toEqual(reference.answers.map((a) => a.answer));
      expect(maxAbsDiff(asked.map!.data, reference.answers[0].map.data)).toBeLessThan(1e-3);
      const chips = await page.$$eval('#answer-details .chip', (cs) => cs.map((c) => c.textContent));
      expect(chips).toEqual(reference.answers[0].wordImportance.map((w) => w.word));

      // The runner-up answer has a map of its own.
      const second = await choosePanel(page, 'answers', 1);
      expect(second.map!.label).toBe(reference.answers[1].answer);
      expect(maxAbsDiff(second.map!.data, reference.answers[1].map.data)).toBeLessThan(1e-3);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-question.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    },
  );
}
