import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedClassifierDir } from '@gradcam/shapeworld';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';

describe('a weight shard with too few bytes is named as truncated (built bin)', () => {
  beforeAll(() => assertBuilt());

  it('names the shard, the bytes it has and the bytes the weights need', () => {
    const dir = join(freshDir(), 'model');
    cpSync(committedClassifierDir(), dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const shards: string[] = manifest.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
    expect(shards.length).toBeGreaterThan(0);
    const last = shards[shards.length - 1];
    const full = statSync(join(dir, last)).size;
    writeFileSync(join(dir, last), readFileSync(join(dir, last)).subarray(0, full - 100));
    expect(readdirSync(dir)).toContain(last);

    const run = runCli(['layers', '--model', dir, '--backend', 'cpu', '-q']);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `gradcam: weight shard '${last}' named in ${join(dir, 'model.json')} is truncated: it has ${full - 100} bytes, the weights need ${full}; copy or download the model again`,
    ]);
  });
});
