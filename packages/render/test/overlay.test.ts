import { describe, expect, it } from 'vitest';
import { overlayHeatmap, type RgbImage } from '../src/index';

const image: RgbImage = {
  data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 100, 100, 100]),
  width: 2,
  height: 2,
  channels: 3,
};
// uint8(255 * v) = 0, 255, 127, 128: jet (0,0,128), (128,0,0), (126,255,130), (130,255,126).
const map = { data: Float32Array.from([0, 1, 0.5, 0.503]), width: 2, height: 2 };

describe('overlayHeatmap', () => {
  it('matches show_cam_on_image on a hand-computed 2x2 example', () => {
    // imageWeight 0.5: cam = (heat + img) / 510 per channel:
    //   p0 (255,0,128)  p1 (128,255,0)  p2 (126,255,385)  p3 (230,355,226), all over 510.
    // max = 385/510, so out = uint8(255 * n / 385):
    //   255 -> 168.9 -> 168, 128 -> 84.8 -> 84, 126 -> 83.5 -> 83, 385 -> 255,
    //   230 -> 152.3 -> 152, 355 -> 235.1 -> 235, 226 -> 149.7 -> 149.
    const out = overlayHeatmap(image, map);
    expect(out).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect(Array.from(out.data)).toEqual([168, 0, 84, 84, 168, 0, 83, 168, 255, 152, 235, 149]);
  });

  it('weights the image as asked', () => {
    // imageWeight 0: only the heat, rescaled by its max 255: (0,0,128) -> (0,0,128), etc.
    const heatOnly = overlayHeatmap(image, map, { imageWeight: 0 });
    expect(Array.from(heatOnly.data)).toEqual([0, 0, 128, 128, 0, 0, 126, 255, 130, 130, 255, 126]);
    // imageWeight 1: only the image, whose max is already 255.
    const imageOnly = overlayHeatmap(image, map, { imageWeight: 1 });
    expect(Array.from(imageOnly.data)).toEqual(Array.from(image.data));
  });

  it('uses the named colormap', () => {
    // gray: heat = (v, v, v) with uint8(255*v) = 0, 255, 127, 128; image weight 0.
    const out = overlayHeatmap(image, map, { colormap: 'gray', imageWeight: 0 });
    expect(Array.from(out.data)).toEqual([0, 0, 0, 255, 255, 255, 127, 127, 127, 128, 128, 128]);
  });

  it('ignores an alpha channel and returns RGB', () => {
    const rgba: RgbImage = { data: new Uint8Array(16), width: 2, height: 2, channels: 4 };
    for (let p = 0; p < 4; p++) rgba.data.set([...image.data.subarray(3 * p, 3 * p + 3), 9], 4 * p);
    expect(overlayHeatmap(rgba, map)).toEqual(overlayHeatmap(image, map));
  });

  it('names both sizes and suggests resizing when the map does not fit', () => {
    const small = { data: new Float32Array(1), width: 1, height: 1 };
    expect(() => overlayHeatmap(image, small)).toThrow(
      /map is 1x1 but the image is 2x2.*resizeMap\(map, 2, 2\)/,
    );
  });

  it('rejects an image weight outside [0,1], as the reference does', () => {
    expect(() => overlayHeatmap(image, map, { imageWeight: 1.5 })).toThrow(/imageWeight must be in \[0, 1\]/);
    expect(() => overlayHeatmap(image, map, { imageWeight: Number.NaN })).toThrow(/imageWeight/);
  });
});
