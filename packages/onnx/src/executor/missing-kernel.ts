import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../proto/types';
import type { OnnxExecutor } from './executor';
import { makePlan } from './plan';

/** TF.js's words when a backend lacks a kernel. */
const MISSING = /Kernel '([^']+)' not registered for backend '([^']+)'/;

export interface MissingKernel {
  kernel: string;
  backend: string;
}

/** The kernel and backend an error says are missing, or undefined for any other error. */
export function missingKernel(error: unknown): MissingKernel | undefined {
  const match = error instanceof Error ? MISSING.exec(error.message) : null;
  return match ? { kernel: match[1], backend: match[2] } : undefined;
}

/** A forward failure of one node, named by the node when it is a missing kernel. */
export function forwardFailure(node: OnnxNode, error: unknown): never {
  const missing = missingKernel(error);
  if (!missing) throw error;
  throw new GradcamError(
    `node '${node.name}' (${node.opType}) needs TF.js kernel '${missing.kernel}', which the ` +
      `'${missing.backend}' backend does not have: choose another backend`,
  );
}

/**
 * Which node's gradient fails for lack of a kernel, found by differentiating the nodes that lead
 * from `feeds` to `fetches` one at a time: the backward pass of the whole graph reports only the
 * kernel, which names no node. Returns undefined when every node's gradient runs.
 */
export function findMissingGradient(
  exec: OnnxExecutor,
  feeds: Record<string, tf.Tensor>,
  fetches: string[],
): { node: OnnxNode; missing: MissingKernel } | undefined {
  const plan = makePlan(exec.index, (n) => n in feeds || exec.isConstant(n), fetches);
  const tensors = plan.nodes.flatMap((n) => n.inputs.filter((i) => i !== '' && !(i in feeds)));
  const computed = new Set(tensors.filter((n) => !exec.isConstant(n)));
  const names = [...computed];
  const values = exec.run(feeds, names);
  const all: Record<string, tf.Tensor> = {
    ...feeds,
    ...Object.fromEntries(names.map((n, i) => [n, values[i]])),
  };
  try {
    for (const node of plan.nodes) {
      const missing = nodeGradientMissing(exec, node, all);
      if (missing) return { node, missing };
    }
    return undefined;
  } finally {
    tf.dispose(values);
  }
}

/** Differentiates one node's float outputs with respect to its float, non-constant inputs. */
function nodeGradientMissing(
  exec: OnnxExecutor,
  node: OnnxNode,
  all: Record<string, tf.Tensor>,
): MissingKernel | undefined {
  const wrt = [...new Set(node.inputs)].filter((n) => n in all && all[n].dtype === 'float32');
  const outputs = node.outputs.filter((o) => o !== '');
  if (wrt.length === 0 || outputs.length === 0) return undefined;
  const others = Object.fromEntries(
    node.inputs.filter((n) => n in all && !wrt.includes(n)).map((n) => [n, all[n]]),
  );
  try {
    tf.tidy(() => {
      const objective = (...xs: tf.Tensor[]) => {
        const feeds = { ...others, ...Object.fromEntries(wrt.map((n, i) => [n, xs[i]])) };
        const ys = exec.run(feeds, outputs).filter((y) => y.dtype === 'float32');
        return ys.map((y) => tf.sum(y)).reduce((a, b) => tf.add(a, b), tf.scalar(0));
      };
      tf.grads(objective)(wrt.map((n) => all[n]));
    });
    return undefined;
  } catch (error) {
    releaseFailedTape();
    const missing = missingKernel(error);
    if (missing) return missing;
    return undefined; // other failures are not this check's to report
  }
}

interface TapeState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

/**
 * After a backward pass that threw: TF.js frees the tensors its tape saved for the backward pass
 * only when that pass succeeds, and the next gradient starts a new tape without them, so a failed
 * trial would leak them. Only at depth 0: an enclosing gradient still owns its tape.
 */
export function releaseFailedTape(): void {
  const state = tf.engine().state as unknown as TapeState;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) tf.dispose(node.saved ?? []);
  state.activeTape = null;
}
