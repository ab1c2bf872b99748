import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, lines, runCli } from './helpers/run-cli';

describe('gradcam eval (built bin): bad options', () => {
  beforeAll(assertBuilt);

  it.each([
    [['eval', '--models', 'classifer'], /Unknown 'classifer'; allowed: classifier, captioner, vqa/],
    [['eval', '--methods', 'gradcan'], /Unknown CAM method 'gradcan'/],
    [['eval', '--scenes', '0'], /Expected an integer from 1 to 2000/],
  ])('%j fails with one line naming the fix', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
