import { existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { GradcamError } from '@gradcam/core';

/** What a --model path holds, told from its file names alone, for messages. */
export function describeModelPath(path: string): string {
  if (!existsSync(path)) return 'not there';
  const isDir = statSync(path).isDirectory();
  const has = (file: string) => (isDir ? existsSync(join(path, file)) : basename(path) === file);
  if (!isDir && extname(path).toLowerCase() === '.onnx') return 'an ONNX model (gradcam explain takes it)';
  if (has('captioner.json')) return 'a captioner (gradcam caption takes it)';
  if (has('vqa.json')) return 'a VQA model (gradcam vqa takes it)';
  if (has('model.json') || (!isDir && extname(path) === '.json'))
    return 'a TF.js model.json, as image classifiers are saved (gradcam explain takes it)';
  return isDir ? 'a folder without a model file this command knows' : 'a file this command does not read';
}

/**
 * Refuses a --model that is not the kind `command` takes before the backend and model load: the
 * folder (or that file in it) must hold `marker`.
 */
export function requireModelKind(path: string, command: string, marker: string, takes: string): void {
  const isDir = existsSync(path) && statSync(path).isDirectory();
  if (isDir ? existsSync(join(path, marker)) : basename(path) === marker && existsSync(path)) return;
  throw new GradcamError(`gradcam ${command} --model takes ${takes}; ${path} is ${describeModelPath(path)}`);
}
