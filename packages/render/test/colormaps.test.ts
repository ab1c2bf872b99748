import { describe, expect, it } from 'vitest';
import { applyColormap, COLORMAP_NAMES, colorBar, colormap, mapToGrayscaleImage } from '../src/index';

const rgb = (lut: Uint8Array, i: number) => Array.from(lut.subarray(3 * i, 3 * i + 3));
const map = (values: number[], width = values.length, height = 1) => ({
  data: Float32Array.from(values),
  width,
  height,
});

// The whole table as `cv2.applyColorMap(np.arange(256, dtype=np.uint8)[None], cv2.COLORMAP_JET)`
// prints it with OpenCV 4.6.0 (Debian python3-opencv), converted BGR -> RGB; 3 bytes per entry.
const OPENCV_JET_HEX = [
  '00008000008400008800008c00009000009400009800009c0000a00000a40000a80000ac0000b00000b40000b80000bc',
  '0000c00000c40000c80000cc0000d00000d40000d80000dc0000e00000e40000e80000ec0000f00000f40000f80000fc',
  '0000ff0004ff0008ff000cff0010ff0014ff0018ff001cff0020ff0024ff0028ff002cff0030ff0034ff0038ff003cff',
  '0040ff0044ff0048ff004cff0050ff0054ff0058ff005cff0060ff0064ff0068ff006cff0070ff0074ff0078ff007cff',
  '0080ff0084ff0088ff008cff0090ff0094ff0098ff009cff00a0ff00a4ff00a8ff00acff00b0ff00b4ff00b8ff00bcff',
  '00c0ff00c4ff00c8ff00ccff00d0ff00d4ff00d8ff00dcff00e0ff00e4ff00e8ff00ecff00f0ff00f4ff00f8ff00fcff',
  '02fffe06fffa0afff60efff212ffee16ffea1affe61effe222ffde26ffda2affd62effd232ffce36ffca3affc63effc2',
  '42ffbe46ffba4affb64effb252ffae56ffaa5affa65effa262ff9e66ff9a6aff966eff9272ff8e76ff8a7aff867eff82',
  '82ff7e86ff7a8aff768eff7292ff6e96ff6a9aff669eff62a2ff5ea6ff5aaaff56aeff52b2ff4eb6ff4abaff46beff42',
  'c2ff3ec6ff3acaff36ceff32d2ff2ed6ff2adaff26deff22e2ff1ee6ff1aeaff16eeff12f2ff0ef6ff0afaff06feff01',
  'fffc00fff800fff400fff000ffec00ffe800ffe400ffe000ffdc00ffd800ffd400ffd000ffcc00ffc800ffc400ffc000',
  'ffbc00ffb800ffb400ffb000ffac00ffa800ffa400ffa000ff9c00ff9800ff9400ff9000ff8c00ff8800ff8400ff8000',
  'ff7c00ff7800ff7400ff7000ff6c00ff6800ff6400ff6000ff5c00ff5800ff5400ff5000ff4c00ff4800ff4400ff4000',
  'ff3c00ff3800ff3400ff3000ff2c00ff2800ff2400ff2000ff1c00ff1800ff1400ff1000ff0c00ff0800ff0400ff0000',
  'fc0000f80000f40000f00000ec0000e80000e40000e00000dc0000d80000d40000d00000cc0000c80000c40000c00000',
  'bc0000b80000b40000b00000ac0000a80000a40000a000009c00009800009400009000008c0000880000840000800000',
].join('');

describe('jet', () => {
  const jet = colormap('jet');

  it('equals the table OpenCV 4.6 produces, byte for byte', () => {
    expect(Buffer.from(jet).toString('hex')).toBe(OPENCV_JET_HEX);
  });

  it('has the known anchors: dark blue, blue, cyan, green-yellow, yellow, red, dark red', () => {
    expect(rgb(jet, 0)).toEqual([0, 0, 128]);
    expect(rgb(jet, 32)).toEqual([0, 0, 255]);
    expect(rgb(jet, 96)).toEqual([2, 255, 254]);
    expect(rgb(jet, 127)).toEqual([126, 255, 130]);
    expect(rgb(jet, 128)).toEqual([130, 255, 126]);
    expect(rgb(jet, 160)).toEqual([255, 252, 0]);
    expect(rgb(jet, 223)).toEqual([255, 0, 0]);
    expect(rgb(jet, 255)).toEqual([128, 0, 0]);
  });

  it('rounds the ties of the classic formula the way OpenCV does (not plain round-half-up)', () => {
    // g(32) = 255 * (4*32/255 - 0.5) = 0.5 exactly: OpenCV gives 0, Math.round would give 1.
    expect(rgb(jet, 32)[1]).toBe(0);
    expect(rgb(jet, 33)).toEqual([0, 4, 255]);
    // b(1) = 127.5 + 4 = 131.5: OpenCV gives 132.
    expect(rgb(jet, 1)).toEqual([0, 0, 132]);
  });

  it('stays within one level of the classic piecewise-linear definition', () => {
    const classic = (x: number, centre: number) => Math.min(1, Math.max(0, 1.5 - Math.abs(4 * x - centre)));
    for (let i = 0; i < 256; i++) {
      const [r, g, b] = rgb(jet, i);
      expect(Math.abs(r - 255 * classic(i / 255, 3))).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(Math.abs(g - 255 * classic(i / 255, 2))).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(Math.abs(b - 255 * classic(i / 255, 1))).toBeLessThanOrEqual(0.5 + 1e-9);
    }
  });

  it('rises and falls where jet does', () => {
    for (let i = 1; i < 256; i++) {
      const [r0, g0, b0] = rgb(jet, i - 1);
      const [r1, g1, b1] = rgb(jet, i);
      if (i <= 160) expect(r1).toBeGreaterThanOrEqual(r0);
      else expect(r1).toBeLessThanOrEqual(r0);
      if (i <= 96) expect(g1).toBeGreaterThanOrEqual(g0);
      if (i >= 160) expect(g1).toBeLessThanOrEqual(g0);
      if (i <= 32) expect(b1).toBeGreaterThanOrEqual(b0);
      else expect(b1).toBeLessThanOrEqual(b0);
    }
  });
});

describe('other colormaps', () => {
  it('turbo and viridis have their published end colours', () => {
    // Turbo: #30123b .. #7a0403; viridis: #440154 .. #fde725.
    expect(rgb(colormap('turbo'), 0)).toEqual([0x30, 0x12, 0x3b]);
    expect(rgb(colormap('turbo'), 255)).toEqual([0x7a, 0x04, 0x03]);
    expect(rgb(colormap('viridis'), 0)).toEqual([0x44, 0x01, 0x54]);
    expect(rgb(colormap('viridis'), 255)).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('viridis gets brighter all the way (its perceptual design)', () => {
    const v = colormap('viridis');
    const luma = (i: number) => 0.2126 * v[3 * i] + 0.7152 * v[3 * i + 1] + 0.0722 * v[3 * i + 2];
    // Byte quantisation makes neighbours tie or wobble; eight entries apart it must rise.
    for (let i = 8; i < 256; i++) expect(luma(i)).toBeGreaterThan(luma(i - 8));
    for (let i = 1; i < 256; i++) expect(v[3 * i + 1]).toBeGreaterThanOrEqual(v[3 * (i - 1) + 1]);
  });

  it('gray and grayscale are the identity ramp', () => {
    for (const name of ['gray', 'grayscale']) {
      const lut = colormap(name);
      for (let i = 0; i < 256; i++) expect(rgb(lut, i)).toEqual([i, i, i]);
    }
  });

  it('every listed name resolves to a 256-entry RGB table, case-insensitively', () => {
    for (const name of COLORMAP_NAMES) expect(colormap(name)).toHaveLength(768);
    expect(colormap('JET')).toEqual(colormap('jet'));
  });

  it('an unknown name throws and lists the available ones', () => {
    expect(() => colormap('parula')).toThrow(
      /unknown colormap "parula".*jet, turbo, viridis, gray, grayscale/,
    );
  });

  it('returns a copy that callers may change', () => {
    const lut = colormap('jet');
    lut.fill(7);
    expect(rgb(colormap('jet'), 0)).toEqual([0, 0, 128]);
  });
});

describe('applyColormap', () => {
  it('truncates uint8(255 * v) like the reference, clamping to [0,1] and treating NaN as 0', () => {
    // 255*0.999 = 254.7 -> 254 (not 255); 255*0.5 = 127.5 -> 127; 1/255 -> 1.
    const out = mapToGrayscaleImage(map([0, 0.999, 0.5, 1, 1.5, -0.2, Number.NaN, 1 / 255]));
    expect(Array.from(out.data.filter((_, i) => i % 3 === 0))).toEqual([0, 254, 127, 255, 255, 0, 0, 1]);
    expect(out.channels).toBe(3);
  });

  it('looks up the colormap per pixel in row-major order', () => {
    const out = applyColormap(map([0, 1, 0.5, 0.503], 2, 2), 'jet');
    expect(out).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect(Array.from(out.data)).toEqual([0, 0, 128, 128, 0, 0, 126, 255, 130, 130, 255, 126]);
  });

  it('rejects malformed maps', () => {
    expect(() => applyColormap({ data: new Float32Array(3), width: 2, height: 2 })).toThrow(
      /3 values but 2x2 needs 4/,
    );
  });
});

describe('colorBar', () => {
  it('runs from entry 0 to entry 255 left to right', () => {
    const bar = colorBar('jet', 256, 2);
    const jet = colormap('jet');
    for (let x = 0; x < 256; x++) {
      expect(Array.from(bar.data.subarray(3 * x, 3 * x + 3))).toEqual(rgb(jet, x));
      expect(Array.from(bar.data.subarray(3 * (256 + x), 3 * (256 + x) + 3))).toEqual(rgb(jet, x));
    }
  });

  it('vertical bars put the high end on top', () => {
    const bar = colorBar('gray', 1, 3, 'vertical');
    expect(Array.from(bar.data)).toEqual([255, 255, 255, 128, 128, 128, 0, 0, 0]);
  });

  it('rejects a non-positive size', () => {
    expect(() => colorBar('jet', 0, 10)).toThrow(/width must be a positive integer/);
  });
});
