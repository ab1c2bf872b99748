/**
 * Kernels with a TF.js gradient that no explanation reaches: neither tfjs-layers' layers, the
 * converter's ops on an image model's path, nor our ONNX importer emit them between an image and
 * a class score. A new gradient kernel must get a case or a line here (the coverage test checks).
 */
export const UNREACHABLE: Readonly<Record<string, string>> = {
  AvgPool3D: '3-D pooling: the engine explains 2-D NHWC maps only',
  MaxPool3D: '3-D pooling: the engine explains 2-D NHWC maps only',
  Conv3D: '3-D convolution: the engine explains 2-D NHWC maps only',
  ComplexAbs: 'complex tensors never lie on a gradient path from a real image',
  Dilation2D: 'morphological dilation: no Keras layer or ONNX op emits it',
};
