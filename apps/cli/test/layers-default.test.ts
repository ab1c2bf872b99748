// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { squeezeNetLike } from '../../../packages/tfjs/test/helpers/applications';
import { squeezeNetGraphBuilder } from '../../../packages/tfjs/test/helpers/graph-squeezenet';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';

const CPU = ['--backend', 'cpu'];

/** `gradcam layers` marks the backbone's last feature map as the default, not SqueezeNet's class map, and says why. */
describe('gradcam layers: the default cut and its reason', () => {
  let layersDir: string;
  let graphDir: string;

  beforeAll(async () => {
    assertBuilt();
    await selectBackend('cpu');
    const root = freshDir();
    layersDir = join(root, 'squeezenet-layers');
    const model = squeezeNetLike();
    await model.save(fileSystemSaver(layersDir));
    model.dispose();
    graphDir = join(root, 'squeezenet-graph');
    mkdirSync(graphDir, { recursive: true });
    const { modelJson, weights } = squeezeNetGraphBuilder().toFiles();
    writeFileSync(join(graphDir, 'model.json'), JSON.stringify(modelJson));
    writeFileSync(join(graphDir, modelJson.weightsManifest[0].paths[0]), Buffer.from(weights));
  });

  it('LayersModel: the last fire module is the default; the footer gives the reason', () => {
    const run = runCli(['layers', '--model', layersDir, ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = lines(run.stdout);
    expect(rows).toContainEqual(
      expect.stringMatching(/^fire3_concat\s+Concatenate\s+\[batch, 7, 7, 16\]\s+yes \(default\)$/),
    );
    expect(rows).toContainEqual(expect.stringMatching(/^relu_conv10\s+ReLU\s+\[batch, 7, 7, 10\]\s+yes$/));
    expect(run.stdout).toMatch(
      /^default: fire3_concat, the last spatial feature map of the backbone, read by 'conv10' \(Conv2D, 10 channels for 10 classes, then only pooling and activations\): that is the classifier, not a feature map; explained when no --layer is given$/m,
    );
    const json = JSON.parse(runCli(['layers', '--model', layersDir, '--json', ...CPU]).stdout) as {
      name: string;
      defaultReason?: string;
    }[];
    expect(json.filter((r) => r.defaultReason).map((r) => r.name)).toEqual(['fire3_concat']);
  });

  it('GraphModel: the fire module concat is the default; the footer gives the reason', () => {
    const run = runCli(['layers', '--model', graphDir, ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toContainEqual(
      expect.stringMatching(/^fire\/concat\s+ConcatV2\s+\[1, 8, 8, 8\]\s+yes \(default\)$/),
    );
    expect(run.stdout).toMatch(
      /^default: fire\/concat, the last spatial feature map of the backbone, read by 'conv10' \(_FusedConv2D, 10 channels/m,
    );
  });
});
