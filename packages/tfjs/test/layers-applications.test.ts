import { selectBackend } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyGraphModel, graphModelAdapter, listGraphNodes, listLayers } from '../src';
import {
  denseNetLike,
  inceptionV3Like,
  mobileNetV2Like,
  mobileNetV3Like,
  negativePoolNet,
  resNetLike,
  xceptionLike,
} from './helpers/applications';
import { maxAbsDiff } from './helpers/graph-compare';
import { type LayerCheck, LayersModelChecker } from './helpers/layers-channel-check';
import { layersToGraph } from './helpers/layers-to-graph';

/**
 * Models built like keras.applications (miniature, seeded), as a LayersModel and as the frozen
 * GraphModel the converter makes of it: at EVERY explainable layer, explain()'s Grad-CAM weights
 * against finite differences of a float64 JS evaluation of the same model perturbed at that layer,
 * on CPU and WASM, within 1e-3 of the largest channel weight; and the same maps on both backends
 * and in both forms.
 */
const MODELS: [string, () => tfl.LayersModel][] = [
  ['InceptionV3-like', inceptionV3Like],
  ['MobileNetV2-like', mobileNetV2Like],
  ['MobileNetV3-like', mobileNetV3Like],
  ['ResNet-like', resNetLike],
  ['DenseNet-like', denseNetLike],
  ['Xception/DeepLab-like (separable and dilated convs)', xceptionLike],
  ['negative-bias conv -> ReLU -> MaxPool, negative MaxPool input', negativePoolNet],
];
const BACKENDS = ['cpu', 'wasm'] as const;
const KINDS = ['LayersModel', 'GraphModel'] as const;
const TOLERANCE = 1e-3;
const CLASS = 1;

function problems(r: LayerCheck): string[] {
  const out: string[] = [];
  if (r.worst > TOLERANCE)
    out.push(
      `weights off by ${r.worst.toExponential(2)} of the largest (${r.checked
        .filter((p) => Math.abs(p.ours - p.fd) > TOLERANCE * r.scale)
        .map((p) => `${p.probe}: ${p.ours.toPrecision(4)} vs FD ${p.fd.toPrecision(4)}`)
        .join('; ')})`,
    );
  if (r.unresolved.length > 0) out.push(`finite differences unresolved for ${r.unresolved.join(', ')}`);
  if (r.scale < 1e-6) out.push(`weights too small to check (${r.scale.toExponential(2)})`);
  if (r.leaked !== 0) out.push(`${r.leaked} tensors left by explain()`);
  return out;
}

for (const [title, build] of MODELS) {
  describe(title, () => {
    let model: tfl.LayersModel;
    let graph: AnyGraphModel;
    let layers: string[];
    let nodes: string[];
    let image: tf.Tensor4D;
    let checker: LayersModelChecker;
    const maps = new Map<string, Map<string, Float32Array>>();

    beforeAll(async () => {
      await selectBackend('cpu');
      model = build();
      layers = listLayers(model)
        .filter((l) => l.explainable)
        .map((l) => l.name);
      const [, h, w, c] = model.inputs[0].shape as number[];
      image = tf.randomNormal([1, h, w, c], 0, 1, 'float32', 42) as tf.Tensor4D;
      checker = new LayersModelChecker(model, image, CLASS);
      graph = layersToGraph(model);
      // Nodes named after a layer are its output; helper nodes (a Rescaling's Mul) are not cuts here.
      const names = new Set(layers);
      nodes = listGraphNodes(graph)
        .filter((n) => n.explainable && names.has(n.name))
        .map((n) => n.name);
    });
    afterAll(async () => {
      await selectBackend('cpu');
      image.dispose();
      model.dispose();
      graph.dispose();
    });

    for (const kind of KINDS)
      for (const backend of BACKENDS) {
        it(`${kind} on ${backend}: every layer's channel weights equal finite differences`, async () => {
          await selectBackend(backend);
          // The float64 reference is the model: same logits as TF.js computes in float32.
          const logits = tf.tidy(() => (model.predict(image) as tf.Tensor).log().dataSync());
          const reference = checker.referenceLogits();
          const shift = reference[0] - logits[0];
          expect(
            maxAbsDiff(
              logits,
              reference.map((v) => v - shift),
            ),
          ).toBeLessThan(1e-4);

          const failures: string[] = [];
          const cuts = kind === 'LayersModel' ? layers : nodes;
          const found = new Map<string, Float32Array>();
          maps.set(`${kind} ${backend}`, found);
          let worst = 0;
          const kinked: string[] = [];
          for (const layer of cuts) {
            try {
              const graphCut = kind === 'GraphModel' ? graphModelAdapter(graph, { node: layer }) : undefined;
              const r = await checker.check(layer, TOLERANCE, graphCut);
              found.set(layer, r.lowres);
              worst = Math.max(worst, r.worst);
              if (r.kinked.length) kinked.push(`${layer} (${r.kinked.length})`);
              for (const p of problems(r)) failures.push(`${layer}: ${p}`);
            } catch (e) {
              failures.push(`${layer}: ${(e as Error).message.split('\n')[0]}`);
            }
          }
          console.info(
            `${title}, ${kind} on ${backend}: ${cuts.length} layers, worst relative error ${worst.toExponential(2)}; not differentiable (ties) at ${kinked.join(', ') || 'none'}`,
          );
          expect(failures).toEqual([]);
        });
      }

    it('CPU and WASM, LayersModel and GraphModel give the same maps at every layer (1e-4)', () => {
      // Every layer became a node of its own name, so both forms are checked at every layer.
      expect([...nodes].sort()).toEqual([...layers].sort());
      const differing: string[] = [];
      const reference = maps.get('LayersModel cpu');
      for (const [run, found] of maps) {
        for (const layer of run.startsWith('GraphModel') ? nodes : layers) {
          const [a, b] = [reference?.get(layer), found.get(layer)];
          if (!a || !b) differing.push(`${layer}: no map from ${a ? run : 'LayersModel cpu'}`);
          else if (maxAbsDiff(a, b) > 1e-4)
            differing.push(`${run} ${layer}: ${maxAbsDiff(a, b).toExponential(2)}`);
        }
      }
      expect(differing).toEqual([]);
    });
  });
}
