/** Where an image input keeps its channels. */
export type ImageLayout = 'NCHW' | 'NHWC';

type Dim = number | string | null | undefined;

const channelsLike = (d: Dim) => d === 1 || d === 3 || d === 4;

/**
 * The layout an ONNX image input is declared in. Exports from PyTorch take NCHW; exports from
 * TensorFlow and Keras (tf2onnx) keep TF's channels-last input and transpose inside the graph, so a
 * last dimension of 1, 3 or 4 after a second that is not reads as NHWC. Anything ambiguous stays
 * NCHW, ONNX's own convention.
 */
export function imageLayout(shape: readonly Dim[] | undefined): ImageLayout {
  if (shape?.length !== 4) return 'NCHW';
  return channelsLike(shape[3]) && !channelsLike(shape[1]) ? 'NHWC' : 'NCHW';
}
