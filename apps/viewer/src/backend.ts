import { registerWasmGradientKernels } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { assetUrl } from './assets';
import { softwareRenderer } from './software-webgl';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface BackendReport {
  name: BackendName;
  /** Backends tried before it, and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
}

/** A backend counts only if it activates and runs a small op: WebGL may register yet have no context. */
async function works(name: BackendName): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return 'could not be initialised';
    await tf.ready();
    const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
    const values = await probe.data();
    probe.dispose();
    return values[1] === 3 ? null : `gave a wrong result (${values[1]} for 2 + 1)`;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/**
 * WebGL first (the GPU), then WASM (served from the app's own `wasm/` folder, no CDN, with the
 * gradient kernels core adds to it), then the plain CPU backend. WebGL on a software renderer
 * (headless browsers, no GPU driver) is passed over for WASM, which is faster there.
 * `prefer` (from `?backend=`) tries that backend first, whatever it runs on.
 */
export async function chooseBackend(prefer?: string | null): Promise<BackendReport> {
  if (prefer && !BACKENDS.includes(prefer as BackendName))
    throw new Error(`unknown backend '${prefer}' in the address; use one of ${BACKENDS.join(', ')}`);
  setWasmPaths(assetUrl('wasm/'));
  registerWasmGradientKernels();
  const order = prefer ? [prefer as BackendName, ...BACKENDS.filter((b) => b !== prefer)] : [...BACKENDS];
  const skipped: BackendReport['skipped'] = [];
  for (const name of order) {
    const emulated = name === 'webgl' && name !== prefer ? softwareRenderer() : undefined;
    if (emulated) {
      skipped.push({ name, reason: `software-emulated GPU (${emulated}); WASM is faster there` });
      continue;
    }
    const problem = await works(name);
    if (problem === null) return { name, skipped };
    skipped.push({ name, reason: problem });
  }
  throw new Error(
    `no TF.js backend works in this browser: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}
