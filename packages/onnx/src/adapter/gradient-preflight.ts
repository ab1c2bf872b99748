import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxExecutor } from '../executor/executor';
import { findMissingGradient, missingKernel, releaseFailedTape } from '../executor/missing-kernel';
import { isTaping } from '../ops/conv-input-gradient';

type Head = (activations: tf.Tensor4D, context: Record<string, tf.Tensor>) => tf.Tensor;
/** The head's feeds in the graph's own layout, as a plain executor run takes them. */
type OnnxFeeds = (activations: tf.Tensor4D, context: Record<string, tf.Tensor>) => Record<string, tf.Tensor>;

/**
 * Whether the head's gradient can run on the current backend, tried once per backend on one
 * sample when the body first runs there. A backend that lacks a kernel the backward pass needs
 * would otherwise fail inside the engine's backward pass with TF.js's bare "Kernel 'X' not
 * registered", which names neither the node nor the op; the refusal names both, and is raised
 * when the head is differentiated (gradient-free methods, which never are, still run).
 */
export class GradientPreflight {
  private readonly outcomes = new Map<string, GradcamError | null>();

  constructor(
    private readonly exec: OnnxExecutor,
    private readonly cut: string,
    private readonly scored: string,
    private readonly head: Head,
    private readonly onnxFeeds: OnnxFeeds,
  ) {}

  /** Tries the head's gradient on the first sample, unless this backend was tried already. */
  check(activations: tf.Tensor4D, context: Record<string, tf.Tensor>): void {
    const backend = tf.getBackend();
    if (this.outcomes.has(backend) || isTaping()) return;
    try {
      tf.tidy(() => {
        const first = (t: tf.Tensor) => tf.slice(t, 0, 1);
        const sample = Object.fromEntries(Object.entries(context).map(([k, t]) => [k, first(t)]));
        tf.grad((a: tf.Tensor) => tf.sum(this.head(a as tf.Tensor4D, sample)))(first(activations));
      });
      this.outcomes.set(backend, null);
    } catch (error) {
      releaseFailedTape();
      // Any other failure is the explanation's own to report, where it happens.
      const missing = missingKernel(error);
      this.outcomes.set(
        backend,
        missing ? this.refusal(activations, context, missing.kernel, missing.backend) : null,
      );
    }
  }

  /** Throws the refusal for the current backend when the head is being differentiated there. */
  assertDifferentiable(): void {
    if (!isTaping()) return;
    const refused = this.outcomes.get(tf.getBackend());
    if (refused) throw refused;
  }

  private refusal(
    activations: tf.Tensor4D,
    context: Record<string, tf.Tensor>,
    kernel: string,
    backend: string,
  ): GradcamError {
    const feeds = tf.tidy(() => {
      const sample = Object.fromEntries(Object.entries(context).map(([k, t]) => [k, tf.slice(t, 0, 1)]));
      return this.onnxFeeds(tf.slice(activations, 0, 1), sample);
    });
    let located: ReturnType<typeof findMissingGradient>;
    try {
      located = findMissingGradient(this.exec, feeds, [this.scored]);
    } finally {
      tf.dispose(Object.values(feeds));
    }
    const where = located
      ? `the gradient of node '${located.node.name}' (${located.node.opType}) needs TF.js kernel '${located.missing.kernel}'`
      : `the gradient from '${this.scored}' back to it needs TF.js kernel '${kernel}'`;
    return new GradcamError(
      `cannot explain tensor '${this.cut}' on the '${backend}' backend: ${where}, which that backend ` +
        'does not have; choose another backend, or explain a tensor after that node',
    );
  }
}
