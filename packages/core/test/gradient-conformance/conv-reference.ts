import { padBefore } from './reference';

export interface ConvSpec {
  stride: number;
  dilation: number;
  /** TensorFlow's names, or explicit [[top, bottom], [left, right]] as the ONNX importer passes them. */
  pad: 'same' | 'valid' | [[number, number], [number, number]];
  /** Depthwise: the filter is [kh, kw, cin, multiplier] and output channel c * multiplier + m reads channel c only. */
  depthwise?: boolean;
}

function outAndPad(input: number, size: number, spec: ConvSpec, axis: 0 | 1): [number, number] {
  if (typeof spec.pad === 'string') return padBefore(input, size, spec.stride, spec.pad);
  const [before, after] = spec.pad[axis];
  return [Math.floor((input + before + after - size) / spec.stride) + 1, before];
}

/** Plain NHWC convolution (cross-correlation, as TensorFlow's) of x [n,h,w,cin] with a filter [kh,kw,cin,k]. */
export function convForward(
  spec: ConvSpec,
  x: Float64Array,
  [n, h, w, cin]: number[],
  filter: Float64Array,
  [kh, kw, , k]: number[],
): Float64Array {
  const [oh, top] = outAndPad(h, (kh - 1) * spec.dilation + 1, spec, 0);
  const [ow, left] = outAndPad(w, (kw - 1) * spec.dilation + 1, spec, 1);
  const cout = spec.depthwise ? cin * k : k;
  const y = new Float64Array(n * oh * ow * cout);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let co = 0; co < cout; co++) {
          let sum = 0;
          for (let di = 0; di < kh; di++)
            for (let dj = 0; dj < kw; dj++) {
              const r = i * spec.stride - top + di * spec.dilation;
              const s = j * spec.stride - left + dj * spec.dilation;
              if (r < 0 || r >= h || s < 0 || s >= w) continue;
              const base = ((b * h + r) * w + s) * cin;
              if (spec.depthwise) {
                const c = Math.floor(co / k);
                sum += x[base + c] * filter[((di * kw + dj) * cin + c) * k + (co % k)];
              } else {
                for (let c = 0; c < cin; c++)
                  sum += x[base + c] * filter[((di * kw + dj) * cin + c) * k + co];
              }
            }
          y[((b * oh + i) * ow + j) * cout + co] = sum;
        }
  return y;
}
