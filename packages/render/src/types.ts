/**
 * A scalar map such as a Grad-CAM heatmap: row-major, values normally in [0,1].
 * Structurally the same as `MapData` in @gradcam/core, so maps pass between the packages as is.
 */
export interface MapData {
  data: Float32Array;
  width: number;
  height: number;
}

/** An 8-bit image, row-major HWC, RGB or RGBA. */
export interface RgbImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
}
