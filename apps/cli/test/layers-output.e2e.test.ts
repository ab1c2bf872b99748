// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';

const CPU = ['--backend', 'cpu', '-q'];

/** A trunk convolution, then two branches each with its own convolution and dense head: 'cls' and 'aux'. */
function twoHeadedModel(): tfl.LayersModel {
  const seeded = (seed: number) => tfl.initializers.glorotNormal({ seed });
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  const conv = (name: string, seed: number) =>
    tfl.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seeded(seed),
      name,
    });
  const trunk = conv('trunk', 1).apply(input) as tfl.SymbolicTensor;
  const head = (prefix: string, seed: number, activation: 'softmax' | 'linear') => {
    const x = conv(`${prefix}_conv`, seed).apply(trunk) as tfl.SymbolicTensor;
    const pooled = tfl.layers
      .globalAveragePooling2d({ name: `${prefix}_gap` })
      .apply(x) as tfl.SymbolicTensor;
    return tfl.layers
      .dense({ units: 3, activation, kernelInitializer: seeded(seed + 10), name: prefix })
      .apply(pooled) as tfl.SymbolicTensor;
  };
  return tfl.model({ inputs: input, outputs: [head('cls', 2, 'softmax'), head('aux', 3, 'linear')] });
}

interface Row {
  name: string;
  explainable: boolean;
  isDefault: boolean;
}

describe('gradcam layers --output on a LayersModel with several outputs (built bin)', () => {
  let modelDir: string;
  beforeAll(async () => {
    assertBuilt();
    await selectBackend('cpu');
    modelDir = join(freshDir(), 'model');
    const model = twoHeadedModel();
    await model.save(fileSystemSaver(modelDir));
    model.dispose();
  });

  const rows = (output: string): Row[] => {
    const run = runCli(['layers', '--model', modelDir, '--output', output, '--json', ...CPU]);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Row[];
  };

  it("marks the layers that reach the named output as explainable, and that output's default", () => {
    for (const [output, mine, other] of [
      ['aux', 'aux_conv', 'cls_conv'],
      ['cls', 'cls_conv', 'aux_conv'],
    ]) {
      const listed = rows(output);
      const explainable = listed.filter((r) => r.explainable).map((r) => r.name);
      expect(explainable).toContain('trunk');
      expect(explainable).toContain(mine);
      expect(explainable).not.toContain(other);
      expect(listed.filter((r) => r.isDefault).map((r) => r.name)).toEqual([mine]);
    }
  });

  it('an unknown output is refused, listing the outputs', () => {
    const run = runCli(['layers', '--model', modelDir, '--output', 'nope', ...CPU]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown output 'nope'; the model's outputs are: cls, aux/);
  });
});
