import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readOnnxMetadata } from '@gradcam/onnx';
import { isOnnxPath } from '../model/onnx-model';
import { labelsFromMetadata } from './metadata-labels';

/**
 * Class names the model carries: in an ONNX file's metadata_props, or beside a TF.js model in a
 * `metadata.json` with a `labels` array of names, as Teachable Machine exports it. `file` says
 * where they came from. Undefined when there are none; `--labels` takes precedence.
 */
export async function labelsBesideModel(
  model: string,
): Promise<{ names: string[]; file: string } | undefined> {
  if (isOnnxPath(model)) return labelsInOnnx(model);
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

async function labelsInOnnx(model: string): Promise<{ names: string[]; file: string } | undefined> {
  let props: Record<string, string>;
  try {
    props = readOnnxMetadata(await readFile(model));
  } catch {
    // Not readable or not ONNX: loading the model says so, with the reason.
    return undefined;
  }
  const found = labelsFromMetadata(props);
  return found && { names: found.names, file: `the metadata of ${model} (key '${found.key}')` };
}
