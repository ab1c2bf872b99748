import { GradcamError } from '@gradcam/core';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import type * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { fileSystemLoader, readModelJson } from './io/file-system';

export type LoadedModel = { kind: 'layers'; model: LayersModel } | { kind: 'graph'; model: GraphModel };

const isUrl = (s: string) => /^https?:\/\//.test(s);

function kindOf(json: { format?: string; modelTopology?: unknown }): 'layers' | 'graph' {
  if (json.format === 'graph-model') return 'graph';
  if (json.format === 'layers-model') return 'layers';
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (topology && 'node' in topology) return 'graph';
  if (topology && ('class_name' in topology || 'model_config' in topology)) return 'layers';
  throw new GradcamError(
    'model.json is neither a TF.js LayersModel nor a GraphModel (no recognisable modelTopology)',
  );
}

/**
 * A TF.js model from a directory or model.json on disk (Node), from a URL (browser or Node with
 * fetch), or an already loaded LayersModel / GraphModel.
 */
export async function loadModel(source: string | LayersModel | GraphModel): Promise<LoadedModel> {
  if (typeof source !== 'string') {
    const isGraph =
      'executor' in (source as object) || typeof (source as GraphModel).executeAsync === 'function';
    return isGraph
      ? { kind: 'graph', model: source as GraphModel }
      : { kind: 'layers', model: source as LayersModel };
  }
  let kind: 'layers' | 'graph';
  let handler: string | tf.io.IOHandler;
  if (isUrl(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new GradcamError(`cannot fetch ${source}: HTTP ${response.status}`);
    kind = kindOf((await response.json()) as { format?: string });
    handler = source;
  } else {
    kind = kindOf(await readModelJson(source));
    handler = fileSystemLoader(source);
  }
  try {
    if (kind === 'graph') return { kind, model: await loadGraphModel(handler) };
    return { kind, model: await loadLayersModel(handler) };
  } catch (e) {
    if (e instanceof GradcamError) throw e;
    throw new GradcamError(
      `cannot load the ${kind === 'graph' ? 'GraphModel' : 'LayersModel'} at ${source}: ${(e as Error).message}`,
    );
  }
}
