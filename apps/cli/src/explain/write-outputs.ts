import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetMap } from '@gradcam/core';
import { deprocessGuided, overlayHeatmap, type RgbImage, writeImage } from '@gradcam/render';
import { encodeNpy } from './npy';
import type { OutputSettings } from './settings';

const IMAGE_FORMATS = ['png', 'jpg'] as const;

/**
 * The files of one explained class, named `<name>-<class>`: the overlay on the image (png/jpg),
 * the map as float32 `[height, width]` in [0,1] (npy) and, with --guided, guided backpropagation
 * and Guided Grad-CAM at the model's input size, as images (the reference's deprocess_image) and,
 * with npy, their raw `[height, width, 3]` gradients. Returns the file names written.
 */
export async function writeMapFiles(
  image: RgbImage,
  entry: TargetMap,
  stem: string,
  output: OutputSettings,
): Promise<string[]> {
  const written: string[] = [];
  const put = async (file: string, write: (path: string) => Promise<void>) => {
    await write(join(output.out, file));
    written.push(file);
  };
  const { guided, guidedGradCam } = entry;
  for (const ext of IMAGE_FORMATS.filter((f) => output.formats.includes(f))) {
    const overlay = overlayHeatmap(image, entry.map, { colormap: output.colormap });
    await put(`${stem}.${ext}`, (path) => writeImage(path, overlay));
    if (guided && guidedGradCam) {
      const asImage = (g: typeof guided) => deprocessGuided(g.data, g.width, g.height, g.channels);
      await put(`${stem}-guided.${ext}`, (path) => writeImage(path, asImage(guided)));
      await put(`${stem}-guided-gradcam.${ext}`, (path) => writeImage(path, asImage(guidedGradCam)));
    }
  }
  if (output.formats.includes('npy')) {
    const { map } = entry;
    await put(`${stem}.npy`, (path) => writeFile(path, encodeNpy(map.data, [map.height, map.width])));
    if (guided && guidedGradCam) {
      const shape = (g: typeof guided) => [g.height, g.width, g.channels];
      await put(`${stem}-guided.npy`, (path) => writeFile(path, encodeNpy(guided.data, shape(guided))));
      await put(`${stem}-guided-gradcam.npy`, (path) =>
        writeFile(path, encodeNpy(guidedGradCam.data, shape(guidedGradCam))),
      );
    }
  }
  return written;
}
