import { type BackendChoice, selectBackend } from '@gradcam/core';
import type { BackendOption } from './global-options';

/** Activates the TF.js backend the user asked for (or the best available) and says which. */
export async function useBackend(preference: BackendOption): Promise<BackendChoice> {
  try {
    return await selectBackend(preference);
  } catch (error) {
    const hint =
      preference === 'tensorflow'
        ? ' (install @tensorflow/tfjs-node, or use --backend auto)'
        : preference === 'auto'
          ? ''
          : ' (use --backend auto to fall back to what is available)';
    throw new Error(`${(error as Error).message}${hint}`, { cause: error });
  }
}

/** `backend: wasm (no native TensorFlow binding; ...)`, plus what was skipped when verbose. */
export function describeBackend(choice: BackendChoice, verbose: boolean): string[] {
  const lines = [`backend: ${choice.name} (${choice.reason})`];
  if (verbose) for (const s of choice.skipped) lines.push(`  skipped ${s.name}: ${s.error}`);
  return lines;
}
