import { GradcamError } from '@gradcam/core';
import type { OnnxExecutor } from '@gradcam/onnx';
import type { PreprocessingOptions } from './preprocessing';

/**
 * The NCHW shape an ONNX model is measured at when its input leaves channels or size open: the
 * open dimensions from --channels and --size, the declared ones as they are (a contradiction is
 * refused later, against the declaration). Undefined when nothing but the batch is open, or when
 * the input is no single 4-D one (the input checks say why).
 */
export function onnxInputShape(exec: OnnxExecutor, options: PreprocessingOptions = {}): number[] | undefined {
  if (exec.inputs.length !== 1) return undefined;
  const [{ name, shape }] = exec.inputs;
  if (shape && shape.length !== 4) return undefined;
  const declared = shape ?? [null, null, null, null];
  const open = (i: number) => !(typeof declared[i] === 'number' && (declared[i] as number) > 0);
  if (![1, 2, 3].some(open)) return undefined;
  const given = [1, options.channels, options.size?.[0], options.size?.[1]];
  const missing = [
    open(1) && options.channels === undefined ? '--channels 1|3' : '',
    (open(2) || open(3)) && !options.size ? '--size <n|HxW>' : '',
  ].filter((m) => m !== '');
  if (missing.length > 0) {
    const what = declared.map((d, i) => (open(i) ? (typeof d === 'string' ? d : '?') : String(d)));
    throw new GradcamError(
      `the ONNX model's input '${name}' is [${what.join(', ')}] (NCHW) with open dimensions: give ${missing.join(' and ')} for the images it takes`,
    );
  }
  return declared.map((d, i) => (i === 0 ? 1 : open(i) ? (given[i] as number) : (d as number)));
}
