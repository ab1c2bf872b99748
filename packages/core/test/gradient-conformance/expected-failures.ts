/**
 * Cases that fail on a backend even with our fixes, each for a reason reported to the fixes work.
 * The conformance test fails on any other failure, and on an entry here whose cases now pass:
 * these lists only shrink.
 */
export interface ExpectedFailure {
  kernel: string;
  /** Case names (exact), or 'all' for every case of the kernel. */
  cases: readonly string[] | 'all';
  backends: readonly string[];
  why: string;
}

const BOTH = ['cpu', 'wasm'];
// A wrong gradient function (not a kernel) is wrong on every backend, WebGL included.
const EVERY = [...BOTH, 'webgl'];
const BROADCAST_CASES = [
  '[2,3,4] with [4]',
  '[2,1,4] with [1,3,1]',
  '[1,3,1] with [2,1,4]',
  '[2,3,4] with []',
];

function missingZeroGradient(kernel: string): ExpectedFailure {
  return {
    kernel,
    cases: 'all',
    backends: BOTH,
    why: 'TF.js registers no gradient (zero: the op is piecewise constant)',
  };
}

function unreducedBroadcast(kernel: string): ExpectedFailure {
  return {
    kernel,
    cases: BROADCAST_CASES,
    backends: BOTH,
    why: 'the gradient of a broadcast input is not summed back to its shape (throws)',
  };
}

/**
 * What branch `fixes` corrects (as of its commit 4ab9d88): the four bugs of issue #15 and those this
 * suite reported to it. EMPTY THIS LIST when merging `fixes`: they then show as 'fixed by us' in
 * the table (the test fails on any entry whose cases pass, so a leftover cannot hide).
 */
export const AWAITING_FIXES_BRANCH: readonly ExpectedFailure[] = [
  {
    kernel: 'FusedBatchNorm',
    cases: [
      'no scale (Keras BatchNormalization(scale=False), InceptionV3)',
      'no offset',
      'neither scale nor offset',
    ],
    backends: BOTH,
    why: 'the gradient saves the undefined scale or offset: TypeError reading dtype/dataId/id',
  },
  {
    kernel: 'AvgPool',
    cases: [
      "3x3 stride 1 'same' on 4x4 (border cells divide by fewer)",
      "3x3 stride 1 'same', batch 2, 3 channels (InceptionV3 branch)",
      "3x3 stride 2 'same'",
      "2x2 stride 2 'same' on odd size (padding after)",
    ],
    backends: BOTH,
    why: "AvgPoolGrad divides border cells under 'same' padding by the whole window",
  },
  {
    kernel: 'MaxPool',
    cases: [
      "3x3 stride 2 'same', batch 2",
      "2x2 stride 2 'same' on odd size (padding after)",
      'windows all zero after ReLU, ties: first maximum',
      'windows all negative, ties: first maximum',
      "all negative under 'same' padding (padding is not a candidate)",
    ],
    backends: ['wasm'],
    why: 'MaxPoolGrad starts its maximum at FLT_MIN and keeps the last tie',
  },
  {
    kernel: 'UnsortedSegmentSum',
    cases: 'all',
    backends: ['wasm'],
    why: 'no UnsortedSegmentSum kernel for wasm',
  },
  {
    kernel: 'GatherV2',
    cases: 'all',
    backends: ['wasm'],
    why: "Gather's gradient needs UnsortedSegmentSum, which wasm lacks",
  },
  { kernel: 'StridedSlice', cases: 'all', backends: BOTH, why: 'no gradient registered' },
  {
    kernel: 'MirrorPad',
    cases: 'all',
    backends: BOTH,
    why: 'the gradient keeps the centre of dy and drops the reflected copies',
  },
  {
    kernel: 'ResizeBilinear',
    cases: ['3x3 to 5x7, half-pixel centers'],
    backends: BOTH,
    why: 'the gradient ignores half-pixel centers (ONNX Resize half_pixel)',
  },
  {
    kernel: 'ResizeNearestNeighbor',
    cases: ['3x3 to 5x5, half-pixel centers'],
    backends: BOTH,
    why: 'the gradient ignores half-pixel centers',
  },
  {
    kernel: 'BatchMatMul',
    cases: [
      'rank 3 x rank 2, sequence-first attention [5, 1, 4] x [4, 3]',
      'batch broadcast [1, 3, 4] x [2, 4, 2]',
      'batch broadcast [2, 3, 4] x [1, 4, 2]',
    ],
    backends: BOTH,
    why: 'the gradient of a batch-broadcast operand is not summed back to its shape (throws)',
  },
  unreducedBroadcast('Maximum'),
  unreducedBroadcast('Minimum'),
  unreducedBroadcast('SquaredDifference'),
  ...['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr', 'LogicalNot'].map(
    missingZeroGradient,
  ),
  {
    kernel: 'Cumsum',
    cases: ['axis 0'],
    backends: EVERY,
    why: 'the gradient along a non-last axis comes back transposed (throws)',
  },
  {
    kernel: 'FloorDiv',
    cases: 'all',
    backends: EVERY,
    why: "the gradient is RealDiv's; floor(a / b) is piecewise constant (TensorFlow: none)",
  },
  {
    kernel: 'Max',
    cases: ['global max pool with pairs of tied maxima (TensorFlow shares the gradient)'],
    backends: EVERY,
    why: 'every tied maximum gets the whole gradient; TensorFlow divides it among them',
  },
  {
    kernel: 'Min',
    cases: ['pairs of tied minima'],
    backends: EVERY,
    why: 'every tied minimum gets the whole gradient; TensorFlow divides it among them',
  },
  {
    kernel: '_FusedMatMul',
    cases: ['Dense: a b^T + bias, relu (converter)'],
    backends: ['wasm'],
    why: 'the forward adds the bias at the wrong columns when b is transposed',
  },
];

/** Found by this suite and written to the fixes work (/tmp/conformance-findings.md); fixed on no branch yet. */
export const REPORTED_NOT_YET_FIXED: readonly ExpectedFailure[] = [
  {
    kernel: 'Conv2D',
    cases: ["3x3 dilation 2 'same'"],
    backends: EVERY,
    why: 'TF.js has no gradient for dilation > 1 (throws)',
  },
  {
    kernel: 'DepthwiseConv2dNative',
    cases: ['3x3 dilation 2 valid'],
    backends: EVERY,
    why: 'TF.js has no gradient for dilation > 1 (throws)',
  },
];

/**
 * WebGL kernels (not gradient functions) found wrong by this suite in headless Chromium, reported
 * to the fixes work (/tmp/conformance-findings.md). First in EXPECTED_FAILURES: where a case also
 * fails for a gradient bug listed above, the kernel bug is the one a fix of the gradient leaves.
 */
export const WEBGL_KERNELS: readonly ExpectedFailure[] = [
  {
    kernel: 'MaxPool',
    cases: [
      'windows all zero after ReLU, ties: first maximum',
      'windows all negative, ties: first maximum',
      "all negative under 'same' padding (padding is not a candidate)",
    ],
    backends: ['webgl'],
    why: "WebGL MaxPoolGrad's positions shader keeps a window's maximum with >=: ties send the gradient to the last maximum (TensorFlow and cpu: the first)",
  },
  {
    kernel: 'Sum',
    cases: ['[0,3] over axes [0]', '[2,0] over axes [1], keepDims'],
    backends: ['webgl'],
    why: 'the WebGL Sum forward reshapes to [size / reduced size, reduced size]: 0 / 0 when a reduced axis is empty (throws)',
  },
  {
    kernel: 'FloorDiv',
    cases: ['[2,3,4] with [2,3,4]', '[2,3,4] with [4]', '[2,1,4] with [1,3,1]', '[2,3,4] with []'],
    backends: ['webgl'],
    why: 'the WebGL FloorDiv forward rounds both operands to integers before dividing: floor(a / b) is wrong for fractional inputs',
  },
];

export const EXPECTED_FAILURES: readonly ExpectedFailure[] = [
  ...WEBGL_KERNELS,
  ...AWAITING_FIXES_BRANCH,
  ...REPORTED_NOT_YET_FIXED,
];

export function expectedFailure(kernel: string, name: string, backend: string): ExpectedFailure | undefined {
  return EXPECTED_FAILURES.find(
    (e) =>
      e.kernel === kernel && e.backends.includes(backend) && (e.cases === 'all' || e.cases.includes(name)),
  );
}
