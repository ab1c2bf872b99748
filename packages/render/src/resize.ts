import type { MapData, RgbImage } from './types';
import { assertImage, assertMap, assertSize } from './validate';

interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  weight: Float64Array; // weight of `hi`
}

/**
 * Source taps along one axis with OpenCV's INTER_LINEAR convention: pixel centres at i + 0.5,
 * src = (dst + 0.5) * srcSize / dstSize - 0.5, and positions outside the first/last centre take
 * the edge pixel. This is what keeps a resized CAM aligned with `cv2.resize` output.
 */
function taps(srcSize: number, dstSize: number): Taps {
  const scale = srcSize / dstSize;
  const lo = new Int32Array(dstSize);
  const hi = new Int32Array(dstSize);
  const weight = new Float64Array(dstSize);
  for (let d = 0; d < dstSize; d++) {
    const pos = (d + 0.5) * scale - 0.5;
    let i = Math.floor(pos);
    let w = pos - i;
    if (i < 0) {
      i = 0;
      w = 0;
    }
    if (i >= srcSize - 1) {
      i = srcSize - 1;
      w = 0;
    }
    lo[d] = i;
    hi[d] = Math.min(i + 1, srcSize - 1);
    weight[d] = w;
  }
  return { lo, hi, weight };
}

function bilinear(
  src: ArrayLike<number>,
  srcWidth: number,
  srcHeight: number,
  channels: number,
  dstWidth: number,
  dstHeight: number,
  store: (index: number, value: number) => void,
): void {
  const xs = taps(srcWidth, dstWidth);
  const ys = taps(srcHeight, dstHeight);
  for (let y = 0; y < dstHeight; y++) {
    const row0 = ys.lo[y] * srcWidth;
    const row1 = ys.hi[y] * srcWidth;
    const wy = ys.weight[y];
    for (let x = 0; x < dstWidth; x++) {
      const c0 = xs.lo[x];
      const c1 = xs.hi[x];
      const wx = xs.weight[x];
      for (let c = 0; c < channels; c++) {
        const top = src[(row0 + c0) * channels + c] * (1 - wx) + src[(row0 + c1) * channels + c] * wx;
        const bottom = src[(row1 + c0) * channels + c] * (1 - wx) + src[(row1 + c1) * channels + c] * wx;
        store((y * dstWidth + x) * channels + c, top * (1 - wy) + bottom * wy);
      }
    }
  }
}

/** Bilinear resize of a map, as `cv2.resize(map, (width, height))` (INTER_LINEAR) does it. */
export function resizeMap(map: MapData, width: number, height: number): MapData {
  assertMap(map);
  assertSize(width, height, 'target');
  const data = new Float32Array(width * height);
  bilinear(map.data, map.width, map.height, 1, width, height, (i, v) => {
    data[i] = v;
  });
  return { data, width, height };
}

/**
 * Bilinear resize of an 8-bit image with the same sampling as `resizeMap`, rounded to the nearest
 * byte. OpenCV's uint8 path uses 11-bit fixed-point weights, so its bytes may differ by 1.
 * Like INTER_LINEAR it does not pre-filter, so large reductions alias.
 */
export function resizeImage(image: RgbImage, width: number, height: number): RgbImage {
  assertImage(image);
  assertSize(width, height, 'target');
  const data = new Uint8Array(width * height * image.channels);
  bilinear(image.data, image.width, image.height, image.channels, width, height, (i, v) => {
    data[i] = Math.round(v);
  });
  return { data, width, height, channels: image.channels };
}
