import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain, type TargetMap } from '../src';
import {
  type Cell,
  gradcamppWeights,
  gradcamWeights,
  hirescamRaw,
  layercamRaw,
  maxRelDiff,
  principalProjection,
  product,
  reluMinMax,
  weightedSum,
  xgradcamWeights,
} from './helpers/cam-formulas-f64';

/**
 * Every gradient and activation method against its formula in float64, on activations and
 * gradients small enough to state and chosen so that the methods disagree: the gradient varies
 * over space (so HiResCAM != Grad-CAM, XGrad-CAM's weights != Grad-CAM's, LayerCAM != Grad-CAM
 * with ReLU'd weights), has mixed signs and exact zeros (Grad-CAM++'s alpha = 0 where g == 0).
 * The head is linear, score_t = sum(A * G_t), so its gradient is G_t exactly: two targets, two
 * gradients, one backward pass. Two shapes: more pixels than channels and the reverse, the two
 * paths of the principal projection.
 */
const SHAPES = [
  { h: 3, w: 3, c: 4 },
  { h: 2, w: 2, c: 6 },
] as const;

/** Activations >= 0 with zeros, as after a ReLU; gradients of both signs, some exactly 0. */
function fixture(h: number, w: number, c: number) {
  const n = h * w * c;
  const a = Float32Array.from({ length: n }, (_, i) =>
    ((i * 7 + 3) % 11) % 4 === 0 ? 0 : ((i * 5) % 9) * 0.37,
  );
  const grads = [0, 1].map((t) =>
    Float32Array.from({ length: n }, (_, i) =>
      (i + t) % 7 === 3 ? 0 : Math.sin(i * (1.3 + t) + t) * (1 + ((i % c) + t) * 0.25),
    ),
  );
  return { a, grads };
}

function linearHeadModel(a: tf.Tensor4D, grads: tf.Tensor4D[]): ExplainableModel<tf.Tensor4D> {
  return {
    layer: 'linear',
    body: () => ({ activations: a.clone(), context: {} }),
    head: (x) =>
      tf.tidy(
        () =>
          tf.stack(
            grads.map((g) => x.mul(g).sum([1, 2, 3])),
            1,
          ) as tf.Tensor2D,
      ),
  };
}

for (const { h, w, c } of SHAPES) {
  describe(`CAM methods against their float64 formulas, ${h}x${w} pixels x ${c} channels`, () => {
    const { a, grads } = fixture(h, w, c);
    const cells: Cell[] = grads.map((g) => ({
      a: Float64Array.from(a),
      g: Float64Array.from(g),
      pixels: h * w,
      channels: c,
    }));
    let activations: tf.Tensor4D;
    let gradients: tf.Tensor4D[];
    let model: ExplainableModel<tf.Tensor4D>;
    const input = () => tf.zeros([1, h, w, 1]) as tf.Tensor4D;

    beforeAll(async () => {
      await tf.setBackend('cpu');
      activations = tf.tensor4d(a, [1, h, w, c]);
      gradients = grads.map((g) => tf.tensor4d(g, [1, h, w, c]));
      model = linearHeadModel(activations, gradients);
    });
    afterAll(() => tf.dispose([activations, ...gradients]));

    async function mapsOf(method: string): Promise<TargetMap[]> {
      const x = input();
      const before = tf.memory().numTensors;
      const result = await explain(model, x, [classTarget(0), classTarget(1)], { method, keepRaw: true });
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
      expect(result.maps.map((m) => m.target)).toEqual([0, 1]);
      return result.maps;
    }

    /** The engine's raw map, its ReLU + min-max at the activations' size, and the weights if any. */
    function expectMap(map: TargetMap, raw: Float64Array, weights?: Float64Array) {
      expect(maxRelDiff(map.raw!.data, raw)).toBeLessThan(1e-5);
      expect(maxRelDiff(map.lowres.data, reluMinMax(raw))).toBeLessThan(1e-5);
      if (weights) expect(maxRelDiff(map.weights!, weights)).toBeLessThan(1e-5);
      else expect(map.weights).toBeUndefined();
    }

    it('the case tells the methods apart (else a swapped formula would pass)', () => {
      for (const cell of cells) {
        const gradcam = weightedSum(cell, gradcamWeights(cell));
        const reluWeighted = weightedSum(
          cell,
          gradcamWeights(cell).map((v) => Math.max(v, 0)),
        );
        expect(maxRelDiff(hirescamRaw(cell), gradcam)).toBeGreaterThan(0.1);
        expect(maxRelDiff(xgradcamWeights(cell), gradcamWeights(cell))).toBeGreaterThan(0.1);
        expect(maxRelDiff(layercamRaw(cell), reluWeighted)).toBeGreaterThan(0.1);
        expect(
          maxRelDiff(
            gradcamppWeights(cell),
            gradcamWeights(cell).map((v) => Math.max(v, 0)),
          ),
        ).toBeGreaterThan(0.1);
        const eigengrad = principalProjection(product(cell), cell.pixels, c, 'channel-sum');
        expect(maxRelDiff(eigengrad, hirescamRaw(cell))).toBeGreaterThan(0.1);
        expect(cell.g.some((g) => g === 0) && cell.g.some((g) => g < 0)).toBe(true);
      }
    });

    it('Grad-CAM: w_k = mean_ij g', async () => {
      const maps = await mapsOf('gradcam');
      cells.forEach((cell, t) => {
        const wts = gradcamWeights(cell);
        expectMap(maps[t], weightedSum(cell, wts), wts);
      });
    });

    it('Grad-CAM++: w_k = sum_ij relu(g) alpha, alpha = g^2 / (2 g^2 + sum(A) g^3 + 1e-6), 0 where g == 0', async () => {
      const maps = await mapsOf('gradcampp');
      cells.forEach((cell, t) => {
        const wts = gradcamppWeights(cell);
        expectMap(maps[t], weightedSum(cell, wts), wts);
      });
    });

    it('XGrad-CAM: w_k = sum_ij(g A) / (sum_ij A + 1e-7)', async () => {
      const maps = await mapsOf('xgradcam');
      cells.forEach((cell, t) => {
        const wts = xgradcamWeights(cell);
        expectMap(maps[t], weightedSum(cell, wts), wts);
      });
    });

    it('HiResCAM: raw = sum_k g A, cell by cell', async () => {
      const maps = await mapsOf('hirescam');
      for (const [t, cell] of cells.entries()) expectMap(maps[t], hirescamRaw(cell));
    });

    it('LayerCAM: raw = sum_k relu(g) A, cell by cell', async () => {
      const maps = await mapsOf('layercam');
      for (const [t, cell] of cells.entries()) expectMap(maps[t], layercamRaw(cell));
    });

    it('Eigen-Grad-CAM: first principal projection of A*g, signed to agree with its channel sum', async () => {
      const maps = await mapsOf('eigengradcam');
      for (const [t, cell] of cells.entries()) {
        expectMap(maps[t], principalProjection(product(cell), cell.pixels, c, 'channel-sum'));
      }
    });

    it('Eigen-CAM: first principal projection of A, the same for every target', async () => {
      const maps = await mapsOf('eigencam');
      const expected = principalProjection(cells[0].a, cells[0].pixels, c, 'channel-sum');
      for (const map of maps) expectMap(map, expected);
    });
  });
}
