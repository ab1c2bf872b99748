import * as tf from '@tensorflow/tfjs-core';
import { applyKernelFixes } from './backend/kernel-fixes';
import { layerCams } from './engine/layer-cams';
import { assertFinite, validateOptions, validateTargets } from './engine/validate';
import type { LayerVerification } from './engine/verify';
import { assertVerifiable } from './engine/verify-options';
import { applyVerification } from './engine/verify-report';
import { fail } from './errors';
import { guidedMaps } from './guided/guided-maps';
import { getMethod } from './methods/registry';
import { minMaxPerMap, resizeMaps } from './postprocess/maps';
import type { ExplainableModel, ExplainOptions, Explanation, MapData, Target, TargetMap } from './types';

type Model<I> = ExplainableModel<I, any, any>;

/**
 * Maps for every target of every sample of `input`, through one or more explained layers
 * (several layers: per-layer maps are averaged, as the reference does).
 */
export async function explain<I>(
  model: Model<I> | Model<I>[],
  input: I,
  targets: Target<any> | Target<any>[],
  options: ExplainOptions = {},
): Promise<Explanation> {
  const started = performance.now();
  const models = Array.isArray(model) ? model : [model];
  const targetList = Array.isArray(targets) ? targets : [targets];
  if (models.length === 0) fail('no model to explain: pass an adapter, or several for several layers');
  validateTargets(targetList);
  validateOptions(options);
  if (input instanceof tf.Tensor) assertFinite(input, 'the input');
  // Also for a backend the caller activated with tf.setBackend; cheap when already applied.
  applyKernelFixes(tf.getBackend());
  const method = getMethod(options.method ?? 'gradcam');
  assertVerifiable(options, method);
  const relu = options.relu ?? true;
  const normalize = (options.normalization ?? 'minmax') === 'minmax';
  const inputSize = models[0].inputSize?.(input) ?? guessImageSize(input);

  const perLayer: tf.Tensor3D[] = [];
  const lowresFirst: { data: Float32Array; shape: number[] }[] = [];
  const activationShapes: number[][] = [];
  const verifications: LayerVerification[] = [];
  let scores: Float32Array = new Float32Array(0);
  let rows: { sample: number; target: number }[] = [];
  let raw: Float32Array | undefined;
  let weights: Float32Array | undefined;
  let passes = { rowsPerPass: 0, count: 0 };
  let outputSize: [number, number] | undefined = options.outputSize;
  try {
    for (const [i, m] of models.entries()) {
      const cams = await layerCams(m, input, targetList, method, options, inputSize);
      activationShapes.push(cams.activationShape);
      if (cams.verification) verifications.push(cams.verification);
      outputSize ??= inputSize ?? [cams.activationShape[1], cams.activationShape[2]];
      const size = outputSize;
      if (i === 0) {
        ({ scores, rows, passes } = cams);
        if (options.keepRaw) {
          raw = Float32Array.from(cams.raw.dataSync());
          weights = cams.weights ? Float32Array.from(cams.weights.dataSync()) : undefined;
        }
      }
      const { lowres, resized } = tf.tidy(() => {
        const rectified = relu ? cams.raw.relu() : cams.raw;
        const low = normalize ? minMaxPerMap(rectified as tf.Tensor3D) : rectified;
        return { lowres: low, resized: resizeMaps(low as tf.Tensor3D, size) };
      });
      if (i === 0) lowresFirst.push({ data: (await lowres.data()) as Float32Array, shape: lowres.shape });
      lowres.dispose();
      tf.dispose([cams.raw, cams.weights]);
      perLayer.push(resized as tf.Tensor3D);
    }
    const final = tf.tidy(() => {
      const mean = perLayer.length === 1 ? perLayer[0] : tf.stack(perLayer).mean(0);
      const rectified = relu ? mean.relu() : mean;
      return normalize ? minMaxPerMap(rectified as tf.Tensor3D) : rectified.clone();
    });
    const finalData = (await final.data()) as Float32Array;
    final.dispose();
    const size = outputSize as [number, number];
    const low = lowresFirst[0];
    const [, lh, lw] = low.shape;
    const c = activationShapes[0][3];
    const maps: TargetMap[] = rows.map((row, r) => {
      const entry: TargetMap = {
        sample: row.sample,
        target: row.target,
        label: targetList[row.target].label,
        score: scores[r],
        map: sliceMap(finalData, r, size[0], size[1]),
        lowres: sliceMap(low.data, r, lh, lw),
      };
      if (raw) entry.raw = sliceMap(raw, r, lh, lw);
      if (weights) entry.weights = weights.slice(r * c, (r + 1) * c);
      return entry;
    });
    const verification = verifications.length
      ? applyVerification(maps, verifications, options, tf.getBackend())
      : undefined;
    if (options.guided) {
      const guided = models[0].guidedGradients;
      if (!guided)
        fail(
          `guided backpropagation is not available for layer '${models[0].layer}': its adapter does not offer it`,
        );
      await guidedMaps(models[0], input, targetList, maps);
    }
    maps.sort((a, b) => a.sample - b.sample || a.target - b.target);
    return {
      method: method.name,
      layers: models.map((m) => m.layer),
      counterfactual: options.counterfactual ?? false,
      backend: tf.getBackend(),
      activationShapes,
      outputSize: size,
      maps,
      passes,
      timeMs: performance.now() - started,
      ...(verification ? { verification } : {}),
    };
  } finally {
    tf.dispose(perLayer);
  }
}

function sliceMap(data: Float32Array, index: number, height: number, width: number): MapData {
  const n = height * width;
  return { data: data.slice(index * n, (index + 1) * n), width, height };
}

/** An NHWC image batch (1, 3 or 4 channels) tells its own size. */
function guessImageSize(input: unknown): [number, number] | undefined {
  if (input instanceof tf.Tensor && input.rank === 4 && [1, 3, 4].includes(input.shape[3])) {
    return [input.shape[1], input.shape[2]];
  }
  return undefined;
}
