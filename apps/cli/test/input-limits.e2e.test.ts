import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, lines, runCli } from './helpers/run-cli';

const CPU = ['--backend', 'cpu', '-q'];

describe('input limits: long or large input is refused or reduced with a word, never run for minutes (built bin)', () => {
  beforeAll(() => assertBuilt());

  it('a VQA question of 3,000 characters is refused with the word count and the limit', () => {
    const question = 'what is the colour of the big shape? '.repeat(80);
    const started = performance.now();
    const run = runCli(['vqa', '--question', question, ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'gradcam: the question has 640 words, more than the longest question a VQA model reads of 64; ask a shorter question',
    ]);
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});
