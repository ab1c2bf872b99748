import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isOnnxPath } from '../model/onnx-model';

/**
 * Class names shipped beside a TF.js model: a `metadata.json` with a `labels` array of names, as
 * Teachable Machine exports it. Undefined when there is none; `--labels` takes precedence.
 */
export async function labelsBesideModel(
  model: string,
): Promise<{ names: string[]; file: string } | undefined> {
  if (isOnnxPath(model)) return undefined;
  const file = join(model.endsWith('.json') ? dirname(model) : model, 'metadata.json');
  if (!existsSync(file)) return undefined;
  let metadata: unknown;
  try {
    metadata = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // Not a file we know; a model folder may hold any metadata.json.
    return undefined;
  }
  const labels = (metadata as { labels?: unknown })?.labels;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === 'string'))
    return undefined;
  return { names: labels, file };
}
