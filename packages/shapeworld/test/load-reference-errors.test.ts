import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  committedCaptionerDir,
  committedVqaDir,
  loadReferenceCaptioner,
  loadReferenceVqa,
} from '../src/index';
import { useWasm } from './helpers/wasm';

const dirs: string[] = [];
/** A copy of a committed model folder whose info file is removed or replaced by `info`. */
function copyWithInfo(from: string, file: string, info?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradcam-reference-'));
  dirs.push(dir);
  cpSync(from, dir, { recursive: true });
  rmSync(join(dir, file));
  if (info !== undefined) writeFileSync(join(dir, file), info);
  return dir;
}

beforeAll(useWasm);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('loading a reference model folder with a bad info file', () => {
  it('names the file and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const noInfo = copyWithInfo(committedCaptionerDir(), 'captioner-info.json');
    await expect(loadReferenceCaptioner(noInfo)).rejects.toThrow(/captioner-info\.json is missing/);
    const badInfo = copyWithInfo(committedVqaDir(), 'vqa-info.json', '{ not json');
    await expect(loadReferenceVqa(badInfo)).rejects.toThrow(/vqa-info\.json is not valid JSON/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
