// tfjs-core's main module first: the engine and @gradcam/onnx must share the engine it sets up.

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { loadOnnxFile, type OnnxExecutor, onnxModelAdapter } from '@gradcam/onnx';
import { decodeImage, PRESETS, toTensor } from '@gradcam/render';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TORCHVISION_FIXTURES } from '../../../packages/core/test/helpers/fixtures';
import { type RequiredResource, skipWithout } from '../../../packages/core/test/helpers/required-resource';
import type { ImageSummary } from '../src/explain/summary';
import { readNpy } from './helpers/npy-reader';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { writePictures } from './helpers/tiny-classifier';

/** The torchvision fixtures beside the project (../shared/fixtures): ONNX files as PyTorch exports them. */
const TORCHVISION = fileURLToPath(new URL('../../../../shared/fixtures/torchvision/', import.meta.url));
const MOBILENET = `${TORCHVISION}mobilenet_v2.onnx`;
const RESNET = `${TORCHVISION}resnet18_bn.onnx`;
const ONNX_FIXTURES: RequiredResource = {
  ...TORCHVISION_FIXTURES,
  name: `the torchvision ONNX fixtures (${MOBILENET}, ${RESNET})`,
  present: existsSync(MOBILENET) && existsSync(RESNET),
};

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe.skipIf(skipWithout(ONNX_FIXTURES))('gradcam on ONNX files', () => {
  beforeAll(async () => {
    assertBuilt();
    await selectBackend('wasm');
  });

  it('layers --model x.onnx lists every tensor NCHW, the default the last spatial map before the pooling', () => {
    const run = runCli(['layers', '--model', RESNET, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as {
      name: string;
      type: string;
      shape: number[];
      explainable: boolean;
      isDefault: boolean;
    }[];
    expect(rows.length).toBeGreaterThan(50);
    const chosen = rows.filter((r) => r.isDefault);
    expect(chosen.map((r) => [r.name, r.type, r.shape])).toEqual([
      ['/layer4/layer4.1/relu_1/Relu_output_0', 'Relu', [1, 512, 7, 7]],
    ]);
    expect(rows.find((r) => r.type === 'Gemm')?.explainable).toBe(false);
    const table = runCli(['layers', '--model', RESNET]);
    expect(table.stdout).toMatch(
      /default: \/layer4\/layer4\.1\/relu_1\/Relu_output_0, the last spatial 4-D tensor before '\/avgpool\/GlobalAveragePool'/,
    );
  });

  describe('explain --model mobilenet_v2.onnx', () => {
    const out = join(freshDir(), 'out');
    let images: string[];
    let run: ReturnType<typeof runCli>;
    let exec: OnnxExecutor;

    beforeAll(async () => {
      images = await writePictures(join(freshDir(), 'images'), 2, 11);
      run = runCli([
        'explain',
        '--model',
        MOBILENET,
        '--image',
        ...images,
        '--preset',
        'imagenet',
        '--out',
        out,
        '-f',
        'json,npy',
      ]);
      exec = await loadOnnxFile(MOBILENET, { execution: 'tfjs' });
    });
    afterAll(() => exec?.dispose());

    it('explains like a TF.js model: the default tensor, its body on onnxruntime, every image', () => {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(
        /^model: .*mobilenet_v2\.onnx \(ONNX\); input 224x224, preset imagenet; explains its output \(1000 classes\)$/m,
      );
      expect(run.stdout).toMatch(
        /^layer: \/features\/features\.18\/features\.18\.2\/Clip_output_0 \[1, 1280, 7, 7\] \(default: .*; the body runs on onnxruntime\)$/m,
      );
      expect(run.stdout).toMatch(/explained 2 of 2 images/);
    });

    it("each map equals Grad-CAM of the whole graph in TF.js on the same NCHW input, for the model's top class", async () => {
      for (const file of images) {
        const name = basename(file, '.png');
        const own = readJson<ImageSummary>(join(out, `${name}.json`));
        const [{ class: top }] = own.maps;
        const image = await decodeImage(file);
        const nhwc = toTensor(image, { ...PRESETS.imagenet, size: [224, 224] });
        const nchw = tf.transpose(nhwc, [0, 3, 1, 2]) as tf.Tensor4D;
        const adapter = onnxModelAdapter(exec);
        const logits = adapter.predict(nchw);
        expect(top).toBe(logits.argMax(1).dataSync()[0]);
        const { maps } = await explain(adapter, nchw, classTarget(top), {
          outputSize: [image.height, image.width],
        });
        tf.dispose([nhwc, nchw, logits]);
        const npy = readNpy(readFileSync(join(out, `${name}-${top}.npy`)));
        expect(npy.shape).toEqual([40, 48]);
        const worst = Math.max(...Array.from(maps[0].map.data, (v, i) => Math.abs(v - npy.data[i])));
        expect(worst).toBeLessThan(1e-3);
      }
    });
  });

  it('an unknown --layer names the tensors that can be explained', async () => {
    const [picture] = await writePictures(join(freshDir(), 'images'), 1, 11);
    const run = runCli([
      'explain',
      '--model',
      MOBILENET,
      '--image',
      picture,
      '--layer',
      'nosuch',
      '--out',
      freshDir(),
    ]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/nosuch/);
    expect(run.stderr).toMatch(/Clip_output_0/);
  });
});
