import { decodeImage, type RgbImage } from '@gradcam/render';
import { Option } from 'commander';
import { integerIn } from './option-parsers';

/**
 * Longest side of the image that is explained and drawn: a 6000x6000 photo's maps and overlays at
 * full size took 4.9 GB; at 1600 the whole run of a 224 ONNX model stays near 500 MB (2048: 624 MB).
 */
export const DEFAULT_MAX_SIDE = 1600;

/** `--max-side`, the same in every command that reads a user's image. */
export function maxSideOption(): Option {
  return new Option(
    '--max-side <px>',
    'longest image side explained and drawn; larger images are downscaled first, with a note',
  )
    .argParser(integerIn(16, 65536))
    .default(DEFAULT_MAX_SIDE);
}

/** Decodes an image, downscaled while decoding when a side exceeds `maxSide`, and says so on stderr. */
export function decodeBoundedImage(file: string, maxSide = DEFAULT_MAX_SIDE): Promise<RgbImage> {
  return decodeImage(file, {
    maxSide,
    onDownscale: ([w, h], [width, height]) =>
      process.stderr.write(
        `gradcam: note: ${file} is ${w}x${h}; explained and drawn at ${width}x${height} (--max-side ${maxSide})\n`,
      ),
  });
}
