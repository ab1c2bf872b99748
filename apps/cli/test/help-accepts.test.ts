import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './helpers/run-cli';

/** An option's description in `--help`, its wrapped lines joined. */
function optionHelp(help: string, flag: string): string {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\s+(-\\w, )?${flag} <`).test(l));
  if (start < 0) throw new Error(`no ${flag} in:\n${help}`);
  const block = [lines[start]];
  for (const line of lines.slice(start + 1)) {
    if (/^\s+-/.test(line) || line.trim() === '') break;
    block.push(line);
  }
  return block.map((l) => l.trim()).join(' ');
}

const TFJS_AND_ONNX = ['LayersModel', 'GraphModel', 'model.json', '.onnx'];
/** Each command that takes --model, and every kind of model its loader accepts. */
const MODEL_KINDS: Record<string, string[]> = {
  explain: TFJS_AND_ONNX,
  batch: TFJS_AND_ONNX,
  layers: TFJS_AND_ONNX,
  check: TFJS_AND_ONNX,
  caption: ['captioner.json', 'transformers.js'],
  vqa: ['vqa.json'],
};
/** What the image reader decodes (sharp), the same list a folder is searched for. */
const IMAGE_FORMATS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'avif'];

describe('every --help says what the command accepts', () => {
  beforeAll(assertBuilt);

  it.each(Object.entries(MODEL_KINDS))('%s --model names each kind of model it takes', (command, kinds) => {
    const run = runCli([command, '--help']);
    expect(run.status).toBe(0);
    const model = optionHelp(run.stdout, '--model');
    for (const kind of kinds) expect(model, `${command} --model`).toContain(kind);
  });

  it.each(['explain', 'batch', 'check', 'caption', 'vqa'])(
    '%s --image names the image formats it reads',
    (command) => {
      const image = optionHelp(runCli([command, '--help']).stdout, '--image');
      for (const format of IMAGE_FORMATS)
        expect(image, `${command} --image`).toMatch(new RegExp(`\\b${format}\\b`));
    },
  );

  it('the command list says explain takes ONNX models too', () => {
    const help = runCli(['--help']).stdout;
    const entry = help.match(/^ {2}explain \[options\].*(\n {4,}.*)*/m)?.[0] ?? '';
    expect(entry.replace(/\s+/g, ' ')).toMatch(/TF\.js or ONNX model/);
  });
});
