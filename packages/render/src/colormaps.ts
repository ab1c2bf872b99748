import { lutFromHex, TURBO_HEX, VIRIDIS_HEX } from './colormap-tables';
import { unitToByte } from './float32';
import { buildJetLut } from './jet';
import type { MapData, RgbImage } from './types';
import { assertMap } from './validate';

export type ColormapName = 'jet' | 'turbo' | 'viridis' | 'gray' | 'grayscale';

export const COLORMAP_NAMES: readonly ColormapName[] = ['jet', 'turbo', 'viridis', 'gray', 'grayscale'];

function buildGrayLut(): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.fill(i, i * 3, i * 3 + 3);
  return lut;
}

const builders: Record<ColormapName, () => Uint8Array> = {
  jet: buildJetLut,
  turbo: () => lutFromHex(TURBO_HEX),
  viridis: () => lutFromHex(VIRIDIS_HEX),
  gray: buildGrayLut,
  grayscale: buildGrayLut,
};

// Built on first use: jet costs a few thousand float operations, the others a hex parse.
const cache = new Map<ColormapName, Uint8Array>();

export function isColormapName(name: string): name is ColormapName {
  return (COLORMAP_NAMES as readonly string[]).includes(name);
}

function sharedLut(name: string): Uint8Array {
  const key = typeof name === 'string' ? name.toLowerCase() : name;
  if (!isColormapName(key)) {
    throw new Error(`unknown colormap "${String(name)}"; available: ${COLORMAP_NAMES.join(', ')}`);
  }
  let lut = cache.get(key);
  if (!lut) {
    lut = builders[key]();
    cache.set(key, lut);
  }
  return lut;
}

/**
 * The 256-entry lookup table of a colormap: RGB bytes of entry i at [3i, 3i+3).
 * A copy, so callers may modify it. Names are case-insensitive; unknown names throw.
 */
export function colormap(name: ColormapName | string): Uint8Array {
  return sharedLut(name).slice();
}

/**
 * Colours a map as the reference does with `cv2.applyColorMap(np.uint8(255 * map), ...)`:
 * values are clamped to [0,1] and truncated (not rounded) to a table index.
 */
export function applyColormap(map: MapData, name: ColormapName | string = 'jet'): RgbImage {
  assertMap(map);
  const lut = sharedLut(name);
  const out = new Uint8Array(map.data.length * 3);
  for (let p = 0; p < map.data.length; p++) {
    const entry = unitToByte(map.data[p]) * 3;
    out[p * 3] = lut[entry];
    out[p * 3 + 1] = lut[entry + 1];
    out[p * 3 + 2] = lut[entry + 2];
  }
  return { data: out, width: map.width, height: map.height, channels: 3 };
}

/** The map as a grey RGB image, quantised like `applyColormap`. */
export function mapToGrayscaleImage(map: MapData): RgbImage {
  return applyColormap(map, 'gray');
}
