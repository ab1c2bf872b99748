/**
 * How the converter's TensorFlow op names (a GraphModel's nodes) reach TF.js kernels, for the
 * gradient conformance suite (packages/core/test/gradient-conformance). An op whose name is a
 * kernel with cases needs no line here.
 */

/** Op name -> the kernels the converter's executor runs for it (cases filed under those names). */
export const CONVERTER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  AddV2: ['Add'],
  BiasAdd: ['Add'],
  Div: ['RealDiv'],
  DivNoNan: ['RealDiv', 'Equal', 'Select'],
  Mul: ['Multiply'],
  FloorMod: ['Mod'],
  Conv1D: ['Conv2D', 'ExpandDims', 'Reshape'],
  _FusedConv2D: ['FusedConv2D'],
  DepthwiseConv2d: ['DepthwiseConv2dNative'],
  FusedDepthwiseConv2dNative: ['FusedDepthwiseConv2D'],
  MatMul: ['BatchMatMul'],
  BatchMatMulV2: ['BatchMatMul'],
  FusedBatchNormV2: ['FusedBatchNorm'],
  FusedBatchNormV3: ['FusedBatchNorm'],
  LogSoftmax: ['log-softmax'],
  EuclideanNorm: ['Square', 'Sum', 'Sqrt'],
  ConcatV2: ['Concat'],
  Gather: ['GatherV2'],
  ReverseV2: ['Reverse'],
  Split: ['SplitV'],
  Pad: ['PadV2'],
  Squeeze: ['Reshape'],
  EnsureShape: ['Reshape'],
  BroadcastTo: ['Tile', 'Reshape'],
  SelectV2: ['Select'],
  Identity: ['Identity'],
  IdentityN: ['Identity'],
  Snapshot: ['Identity'],
};

/** Whole categories of the converter's op list that never carry a gradient from an image to a score. */
export const CONVERTER_CATEGORIES_WITHOUT_GRADIENT: Readonly<Record<string, string>> = {
  control: 'control flow and tensor lists: TF.js takes no gradient through them',
  creation: 'constants and random tensors',
  dynamic: 'data-dependent shapes (NMS, Where, ListDiff): integer outputs',
  evaluation: 'indices and sorted values (TopK, Unique, bounds)',
  hash_table: 'lookup tables',
  ragged: 'ragged tensors',
  sparse: 'sparse tensors',
  spectral: 'FFTs: complex tensors',
  string: 'strings',
};

/**
 * Single ops, in categories that otherwise carry gradients, through which no gradient flows or
 * TF.js has none (listed in the conformance table's "without a TF.js gradient").
 */
export const CONVERTER_OPS_WITHOUT_GRADIENT: Readonly<Record<string, string>> = {
  Placeholder: 'a graph input',
  PlaceholderWithDefault: 'a graph input',
  Const: 'a constant',
  Rank: 'a shape',
  Size: 'a shape',
  Shape: 'a shape',
  ShapeN: 'shapes',
  Print: 'a side effect',
  NoOp: 'nothing',
  StopGradient: 'stops the gradient by definition',
  FakeQuantWithMinMaxVars: 'quantisation emulation: TF.js has no gradient',
  MaxPoolWithArgmax: 'TF.js has no gradient',
  AvgPool3D: '3-D: the engine explains 2-D maps',
  MaxPool3D: '3-D: the engine explains 2-D maps',
  Conv3D: '3-D: the engine explains 2-D maps',
  Dilation2D: 'morphological dilation: no Keras layer or ONNX op emits it',
  Complex: 'complex tensors',
  ComplexAbs: 'complex tensors',
  Real: 'complex tensors',
  Imag: 'complex tensors',
  CropAndResize: 'TF.js has no gradient (detection heads, not classifiers)',
  ImageProjectiveTransformV3: 'TF.js has no gradient (augmentation)',
  BitwiseAnd: 'integers',
  Einsum: 'TF.js has no gradient',
  MatrixBandPart: 'TF.js has no gradient (attention masks are constants)',
  Bincount: 'integers',
  DenseBincount: 'integers',
  All: 'booleans',
  Any: 'booleans',
  Cumprod: 'TF.js has no gradient',
  ScatterNd: 'TF.js has no gradient',
  GatherNd: 'TF.js has no gradient',
  SparseToDense: 'sparse tensors',
  TensorScatterUpdate: 'TF.js has no gradient',
  DepthToSpace: 'TF.js has no gradient',
  BroadcastArgs: 'a shape',
};
