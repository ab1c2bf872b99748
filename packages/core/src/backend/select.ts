import * as tf from '@tensorflow/tfjs-core';
import { applyKernelFixes } from './kernel-fixes';

export interface BackendChoice {
  name: string;
  /** Why this one: the user's choice, or the first of the fallbacks that loaded. */
  reason: string;
  /** Fallbacks that were tried and could not load, with the error. */
  skipped: { name: string; error: string }[];
  /** Ids of the corrected kernels and gradients in force on this backend (kernel-fixes/). */
  fixes: string[];
}

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu' | (string & {});

// Native bindings are optional peers: a plain import would fail to bundle or to install.
const NATIVE_MODULES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

async function tryImport(name: string): Promise<string | null> {
  try {
    await import(/* @vite-ignore */ name);
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

async function activate(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Every way of choosing ends here, so that no backend runs without its kernel fixes. */
function chosen(name: string, reason: string, skipped: BackendChoice['skipped']): BackendChoice {
  return { name, reason, skipped, fixes: applyKernelFixes(name) };
}

/**
 * Picks a backend: one the user already activated is kept; otherwise tfjs-node-gpu, tfjs-node,
 * WASM (with the project's gradient kernels) and CPU, in that order. `prefer` forces one.
 */
export async function selectBackend(prefer: BackendPreference = 'auto'): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = [];
  const current = tf.engine().backendName;
  if (prefer === 'auto' && current) {
    return chosen(current, 'already active', skipped);
  }
  const order = prefer === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [prefer];
  for (const name of order) {
    if (name === 'tensorflow') {
      for (const mod of NATIVE_MODULES) {
        const error = await tryImport(mod);
        if (error === null && (await activate('tensorflow')))
          return chosen('tensorflow', `${mod} is installed`, skipped);
        skipped.push({ name: mod, error: error ?? 'loaded but did not register a backend' });
      }
      continue;
    }
    if (name === 'wasm') {
      const error = await tryImport('@tensorflow/tfjs-backend-wasm');
      if (error === null) {
        if (await activate('wasm'))
          return chosen('wasm', 'no native TensorFlow binding; WASM is the fastest left', skipped);
      }
      skipped.push({ name: 'wasm', error: error ?? 'failed to initialise' });
      continue;
    }
    if (name === 'cpu') await tryImport('@tensorflow/tfjs-backend-cpu');
    if (await activate(name)) return chosen(name, prefer === 'auto' ? 'last fallback' : 'requested', skipped);
    skipped.push({ name, error: 'not registered or failed to initialise' });
  }
  throw new Error(
    `no TF.js backend could be activated (tried ${order.join(', ')}): ${skipped.map((s) => `${s.name}: ${s.error}`).join('; ')}`,
  );
}
