import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';

const CPU = ['--backend', 'cpu', '-q'];

describe('the output folder: bounded, never two runs mixed, nothing left by a failed run (built bin)', () => {
  beforeAll(() => assertBuilt());

  it('an output folder that cannot be created is an error, not a hang (/proc refuses children)', () => {
    const started = performance.now();
    const run = runCli(['explain', '-o', '/proc/gradcam-x/y', ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^gradcam: cannot create the output folder \/proc\/gradcam-x\/y: .*--out/),
    ]);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('a second run into a non-empty --out is refused, and the first run is left intact; --overwrite writes', () => {
    const out = join(freshDir(), 'out');
    const first = runCli(['explain', '-o', out, ...CPU]);
    expect(first.status).toBe(0);
    const files = readdirSync(out).sort();
    const summary = readFileSync(join(out, 'summary.json'), 'utf8');

    const second = runCli(['explain', '--seed', '2', '-o', out, ...CPU]);
    expect(second.status).toBe(1);
    expect(second.stdout).toBe('');
    expect(lines(second.stderr)).toEqual([
      expect.stringMatching(/^gradcam: the output folder .*out is not empty \(.*\): .*--overwrite/),
    ]);
    expect(readdirSync(out).sort()).toEqual(files);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(summary);

    const again = runCli(['explain', '--seed', '2', '-o', out, '--overwrite', ...CPU]);
    expect(again.status).toBe(0);
    expect(existsSync(join(out, 'scene-2.png'))).toBe(true);
  });

  it('a caption run whose only image fails leaves no folder and no "wrote" line', () => {
    const dir = freshDir();
    const broken = join(dir, 'broken.png');
    writeFileSync(broken, 'not a png');
    const out = join(dir, 'out');
    const run = runCli(['caption', '-i', broken, '-o', out, ...CPU]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(/wrote/);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^gradcam: note: the bundled ShapeWorld captioner knows only synthetic/),
      expect.stringMatching(/^gradcam: .*broken\.png: .*is not a readable PNG/),
    ]);
    expect(existsSync(out)).toBe(false);
  });
});
