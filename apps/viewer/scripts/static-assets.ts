import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../package.json'));

/** The ShapeWorld reference models, as committed in @gradcam/shapeworld (those that exist). */
export const MODEL_NAMES = ['classifier', 'captioner', 'vqa'] as const;
/**
 * Where the models are: @gradcam/shapeworld's committed ones, or the folder named by
 * GRADCAM_VIEWER_MODELS (same layout: classifier/, captioner/, vqa/), e.g. freshly trained ones.
 */
const MODELS_DIR = process.env.GRADCAM_VIEWER_MODELS ?? join(here, '../../../packages/shapeworld/models');
const WASM_DIR = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** An asset's bytes: a file on disk, or text made here. */
export type Asset = { file: string } | { text: string };

/** URL path (relative to the app) -> asset, for every asset the page fetches. */
export function staticAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of readdirSync(WASM_DIR).filter((f) => f.endsWith('.wasm')))
    assets.set(`wasm/${file}`, { file: join(WASM_DIR, file) });
  const available: string[] = [];
  for (const name of MODEL_NAMES) {
    const dir = join(MODELS_DIR, name);
    if (!existsSync(dir)) continue;
    available.push(name);
    for (const file of filesUnder(dir))
      assets.set(`models/${name}/${relative(dir, file).split(sep).join('/')}`, { file });
  }
  assets.set('models/available.json', { text: JSON.stringify(available) });
  return assets;
}

const TYPES: Record<string, string> = { wasm: 'application/wasm', json: 'application/json' };

/**
 * Serves (dev) and emits (build) the TF.js WASM binaries and the reference models from where the
 * packages keep them, so that the app needs no CDN and the repository holds no copies.
 * `models/available.json` lists the models found, so that the page asks only for those.
 */
export function staticAssetsPlugin(): Plugin {
  const content = (asset: Asset) => ('file' in asset ? readFileSync(asset.file) : asset.text);
  return {
    name: 'gradcam-static-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
        const value = staticAssets().get(path);
        if (value === undefined) return next();
        res.setHeader('Content-Type', TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream');
        res.end(content(value));
      });
    },
    generateBundle() {
      for (const [fileName, value] of staticAssets())
        this.emitFile({ type: 'asset', fileName, source: content(value) });
    },
  };
}
