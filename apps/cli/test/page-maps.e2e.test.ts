// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { tinyClassifier, writePictures } from './helpers/tiny-classifier';

describe('explain --top beyond --page-maps: the page stays bounded and says what it left out (#16, built bin)', () => {
  let root: string;
  let image: string;
  beforeAll(async () => {
    assertBuilt();
    await selectBackend('cpu');
    root = freshDir();
    const built = tinyClassifier({ classes: 80 });
    await built.save(fileSystemSaver(join(root, 'model')));
    built.dispose();
    [image] = await writePictures(join(root, 'images'), 1, 5);
  });

  const run = (name: string, args: string[]) => {
    const out = join(root, name);
    const result = runCli([
      'explain',
      '--model',
      join(root, 'model'),
      '-i',
      image,
      '-o',
      out,
      '--backend',
      'cpu',
      '-q',
      ...args,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return {
      out,
      page: readFileSync(join(out, 'pic-1.html'), 'utf8'),
      size: statSync(join(out, 'pic-1.html')).size,
    };
  };

  it('--top 60 (default 50 per page): 60 map files, 50 maps drawn, the other 10 named', () => {
    const { out, page } = run('top60', ['--top', '60']);
    expect(readdirSync(out).filter((f) => f.endsWith('.png'))).toHaveLength(60);
    expect(page).toContain(
      'this page shows the first 50 of 60 maps; the other 10 are written as files only (listed in pic-1.json); --page-maps sets how many the page shows',
    );
    expect(JSON.parse(readFileSync(join(out, 'pic-1.json'), 'utf8')).maps).toHaveLength(60);
  });

  it('the page of --top 60 --page-maps 4 is the size of the page of --top 4', () => {
    const bounded = run('bounded', ['--top', '60', '--page-maps', '4']);
    const small = run('small', ['--top', '4']);
    expect(bounded.page).toContain(
      'this page shows the first 4 of 60 maps; the other 56 are written as files only',
    );
    expect(small.page).not.toContain('this page shows the first');
    expect(Math.abs(bounded.size - small.size) / small.size).toBeLessThan(0.1);
  });
});
