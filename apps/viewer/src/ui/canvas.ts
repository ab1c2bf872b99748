import type { RgbImage } from '@gradcam/render';

/** Paints an RGB(A) image onto a canvas at its own size (CSS scales it up, pixelated). */
export function drawImage(canvas: HTMLCanvasElement, image: RgbImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser gives no 2-D canvas context');
  const pixels = context.createImageData(image.width, image.height);
  const n = image.width * image.height;
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) pixels.data[p * 4 + c] = image.data[p * image.channels + c];
    pixels.data[p * 4 + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
}

/** Largest side of a dropped image as the viewer keeps it: maps are computed at this size. */
const MAX_SIDE = 256;

/** A dropped or chosen image file as RGBA pixels, scaled down to at most 256 pixels a side. */
export async function decodeImageFile(file: File): Promise<RgbImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (error) {
    throw new Error(
      `cannot read ${file.name || 'the dropped file'} as an image (${(error as Error).message}); use a PNG, JPEG, WebP or GIF`,
    );
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser gives no 2-D canvas context');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  return { data, width, height, channels: 4 };
}
