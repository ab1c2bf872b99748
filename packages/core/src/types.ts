import type * as tf from '@tensorflow/tfjs-core';

/** What a head returns: one row per (sample, target) pair, as one tensor or a record of tensors. */
export type HeadOutputs = tf.Tensor | Record<string, tf.Tensor>;

/**
 * Whatever the head needs besides the activations. Tensor fields whose first dimension is the
 * batch size are repeated per target by the engine, so that row r of every such tensor belongs to
 * the same sample as row r of the tiled activations; everything else is passed through untouched.
 */
export type BodyContext = Record<string, unknown>;

export interface BodyResult<C extends BodyContext = BodyContext> {
  /** NHWC `[batch, h, w, channels]` at the explained layer. */
  activations: tf.Tensor4D;
  context: C;
}

/**
 * The adapter contract (docs/architecture.md): a model cut in two at the explained layer.
 * `body` needs no gradient; `head` is differentiable TF.js code, row-aligned with its activations.
 */
export interface ExplainableModel<
  I = tf.Tensor,
  C extends BodyContext = BodyContext,
  O extends HeadOutputs = HeadOutputs,
> {
  /** Name of the explained layer, reported in the result. */
  readonly layer: string;
  body(input: I): BodyResult<C>;
  head(activations: tf.Tensor4D, context: C): O;
  /** Spatial size `[height, width]` of the input, the default size of the maps. */
  inputSize?(input: I): [number, number];
  /**
   * Score-CAM: the input of sample `sample` multiplied by each of `masks` (`[n, H, W]`, input
   * resolution, values in [0,1]), as a batch of n inputs. Optional for NHWC image tensors.
   */
  maskInput?(input: I, sample: number, masks: tf.Tensor3D): I;
  /**
   * Guided backpropagation: d score / d input through the whole model with guided ReLUs, NHWC
   * like the input image. Adapters offer it when their body can run with guided ReLUs.
   */
  guidedGradients?(input: I, score: (outputs: O) => tf.Tensor1D): tf.Tensor4D;
}

/** A target picks one scalar per row out of the head's outputs. */
export interface Target<O extends HeadOutputs = HeadOutputs> {
  readonly label: string;
  score(outputs: O): tf.Tensor1D;
  /** Throws a clear error when the target does not fit the outputs (e.g. a class out of range). */
  validate?(outputs: O): void;
}

export type Normalization = 'minmax' | 'none';

export interface ExplainOptions {
  /** A name from the method registry (`gradcam` by default). */
  method?: string;
  /** Negate the gradients: regions that speak against the target (paper section 3.3). */
  counterfactual?: boolean;
  /** Clamp negative evidence to zero before normalising (default true, as eq. 2). */
  relu?: boolean;
  /** Min-max normalise each map as the reference does (default `minmax`). */
  normalization?: Normalization;
  /** `[height, width]` of the returned maps; default the input size, else the activation grid. */
  outputSize?: [number, number];
  /** Memory the engine may use for one backward pass, in MiB (default 256). */
  memoryBudgetMB?: number;
  /** Hard cap on rows (sample x target) per backward pass; overrides the budget when smaller. */
  maxRowsPerPass?: number;
  /** Batch size for gradient-free methods (masked inputs or ablated channels per pass). */
  batchSize?: number;
  /** Also compute guided backpropagation and Guided Grad-CAM (needs `guidedGradients`). */
  guided?: boolean;
  /** Keep the raw (pre-ReLU, pre-normalisation) low-resolution maps in the result. */
  keepRaw?: boolean;
  /**
   * Check the head's gradient at the cut against central finite differences before trusting the
   * maps (docs: packages/core/README.md, "Verified explanations"). `true` uses the defaults.
   */
  verify?: boolean | VerifyOptions;
}

export interface VerifyOptions {
  /** Seeded random unit directions per row (default 3). */
  directions?: number;
  /** Directions along the channels with the largest |weight| (default 3). */
  topChannels?: number;
  /** Largest relative error that passes (default 0.05; docs/verify.md gives the measured noise). */
  threshold?: number;
  seed?: number;
  /** Finite-difference step as a fraction of the activations' RMS per moved cell (default 0.01). */
  step?: number;
  /** `throw` (default) rejects with a GradcamError naming the layer; `report` only fills the figures. */
  onFail?: 'throw' | 'report';
}

/** How one map's gradient compared with finite differences (the worst direction and layer). */
export interface MapVerification {
  maxRelError: number;
  checks: number;
  passed: boolean;
}

export interface VerificationSummary {
  backend: string;
  /** The layer with the largest error. */
  layer: string;
  threshold: number;
  maxRelError: number;
  passed: boolean;
  /** Directions checked over all rows and layers, and the head evaluations they cost. */
  checks: number;
  headEvaluations: number;
  timeMs: number;
  layers: { layer: string; maxRelError: number; passed: boolean }[];
}

export interface MapData {
  data: Float32Array;
  width: number;
  height: number;
}

export interface TargetMap {
  sample: number;
  /** Index into the `targets` array that was explained. */
  target: number;
  label: string;
  /** The target's score on the unmodified input. */
  score: number;
  /** The final map at `outputSize`, normalised unless `normalization: 'none'`. */
  map: MapData;
  /** The map at the activations' resolution after ReLU and normalisation. */
  lowres: MapData;
  /** `sum_k w_k A_k` before ReLU (only with `keepRaw`). */
  raw?: MapData;
  /** Per-channel weights, for methods that have them (only with `keepRaw`). */
  weights?: Float32Array;
  /** Guided backpropagation, HWC at input size, and its product with the map (with `guided`). */
  guided?: MapData & { channels: number };
  guidedGradCam?: MapData & { channels: number };
  /** With `verify`: the head's gradient against finite differences. */
  verification?: MapVerification;
}

export interface Explanation {
  method: string;
  layers: string[];
  counterfactual: boolean;
  backend: string;
  /** `[batch, h, w, channels]` of each explained layer. */
  activationShapes: number[][];
  outputSize: [number, number];
  /** One entry per (sample, target), sample-major. */
  maps: TargetMap[];
  /** Rows per backward pass and number of passes actually used. */
  passes: { rowsPerPass: number; count: number };
  timeMs: number;
  /** With `verify`: the worst check over all maps. */
  verification?: VerificationSummary;
}
