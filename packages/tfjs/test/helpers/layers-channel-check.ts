import { classTarget, type ExplainableModel, explain } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { layersModelAdapter } from '../../src';
import {
  type ChannelCheck,
  type ChannelDerivative,
  channelDerivative,
  compareChannelWeights,
  type Probe,
  probesFor,
} from './channel-differences';
import { f64 } from './float64/array';
import { LayersReference, type Trace } from './float64/layers-reference';

export interface LayerCheck extends ChannelCheck {
  layer: string;
  /** explain()'s normalised low-resolution map, for comparing backends. */
  lowres: Float32Array;
  /** Tensors left behind by explain(). */
  leaked: number;
}

/**
 * One model and one image, explained at any layer on the current backend (as a LayersModel or as
 * its GraphModel twin), with the finite
 * differences of its float64 reference (computed once per layer and probe, for every backend).
 */
export class LayersModelChecker {
  private readonly reference: LayersReference;
  private readonly trace: Trace;
  private readonly derivatives = new Map<string, ChannelDerivative>();

  constructor(
    private readonly model: tfl.LayersModel,
    private readonly image: tf.Tensor4D,
    private readonly cls: number,
  ) {
    this.reference = new LayersReference(model);
    this.trace = this.reference.evaluate(f64(image.shape.slice(1), image.dataSync()));
  }

  /** The reference's logits, for checking it against the model itself. */
  referenceLogits(): Float64Array {
    return this.reference.logits(this.trace).data;
  }

  /** Explains `layer` with the LayersModel's adapter, or with `adapter` (the same model as a GraphModel). */
  async check(
    layer: string,
    tolerance: number,
    adapter: ExplainableModel<any, any, any> = layersModelAdapter(this.model, { layer }),
  ): Promise<LayerCheck> {
    const before = tf.memory().numTensors;
    const result = await explain(adapter, this.image, classTarget(this.cls), { keepRaw: true });
    const leaked = tf.memory().numTensors - before;
    const [{ weights, lowres }] = result.maps;
    if (!weights) throw new Error(`explain() returned no weights at '${layer}'`);
    const [, h, w, c] = result.activationShapes[0];
    const probes = probesFor(weights, 4, 2, c);
    const check = compareChannelWeights(weights, probes, (p) => this.derivative(layer, p, h * w), tolerance);
    return { layer, lowres: lowres.data, leaked, ...check };
  }

  private derivative(layer: string, probe: Probe, cells: number): ChannelDerivative {
    const key = `${layer}:${probe.direction.join()}`;
    let d = this.derivatives.get(key);
    if (!d) {
      d = channelDerivative((eps) => {
        if (eps === 0) return this.reference.logits(this.trace).data[this.cls];
        const offsets = probe.direction.map((v) => v * eps);
        return this.reference.logits(this.trace, { layer, offsets }).data[this.cls];
      }, cells);
      this.derivatives.set(key, d);
    }
    return d;
  }
}
