import { GradcamError } from '@gradcam/core';
import type { OnnxExecutor } from '../executor/executor';
import type { GraphFacts, TensorFacts } from './facts';
import { ancestors, descendants } from './reach';
import { convolutionGrids, type TokenLayout, type TokenOption, tokenLayout } from './tokens';

/** Grad-CAM needs a feature map: a float `[batch, channels, height, width]` tensor. */
export function isFeatureMap(facts: TensorFacts | undefined): boolean {
  return facts !== undefined && facts.shape.length === 4 && facts.dtype === 'float32';
}

/** More than one position: a 1x1 map (pooled features, squeeze-excite branches) locates nothing. */
export function isSpatial(facts: TensorFacts | undefined): boolean {
  return isFeatureMap(facts) && facts!.shape[2] * facts!.shape[3] > 1;
}

/** Where tensors stand relative to the explained input and the scored tensor. */
export interface CutSpace {
  exec: OnnxExecutor;
  facts: GraphFacts;
  input: string;
  scored: string;
  /** Tensors computed from the input. */
  fromInput: Set<string>;
  /** Tensors the scored tensor needs. */
  toScore: Set<string>;
  /** Token tensors and the grid each is explained as. */
  tokens: Map<string, TokenLayout>;
}

export function cutSpace(
  exec: OnnxExecutor,
  facts: GraphFacts,
  input: string,
  scored: string,
  tokenOption?: TokenOption,
): CutSpace {
  const grids = convolutionGrids(exec, facts);
  const tokens = new Map<string, TokenLayout>();
  for (const [name, f] of facts) {
    const layout = tokenLayout(f, grids, tokenOption);
    if (layout) tokens.set(name, layout);
  }
  return {
    exec,
    facts,
    input,
    scored,
    fromInput: descendants(exec.index, [input]),
    toScore: ancestors(exec.index, [scored]),
    tokens,
  };
}

/** A tensor the engine can take as a map: a 4-D feature map, or tokens with a grid. */
export function isCuttable(space: CutSpace, name: string): boolean {
  return isFeatureMap(space.facts.get(name)) || space.tokens.has(name);
}

/** Node outputs in execution order. */
export function tensorsInOrder(exec: OnnxExecutor): string[] {
  return exec.index.order.flatMap((node) => node.outputs.filter((o) => o !== ''));
}

/** Tensors at which the model can be cut, in execution order. */
export function explainableTensors(space: CutSpace): string[] {
  return tensorsInOrder(space.exec).filter(
    (name) =>
      name !== space.input && space.fromInput.has(name) && space.toScore.has(name) && isCuttable(space, name),
  );
}

export interface TensorChoice {
  tensor: string;
  /** Why this tensor, in a sentence for the user. */
  reason: string;
}

/** The tensor named by the user, or an error that says what could be named instead. */
export function namedTensor(space: CutSpace, name: string): TensorChoice {
  const refuse = (why: string): never => {
    throw new GradcamError(`${why}; explainable tensors: ${listNames(explainableTensors(space))}`);
  };
  const { index } = space.exec;
  const producer = index.producer.get(name);
  if (!producer) {
    if (name === space.input) return refuse(`'${name}' is the model's input, not a tensor inside it`);
    // A node name is a common slip: point at its output.
    const node = index.order.find((n) => n.name === name);
    if (node) return refuse(`'${name}' is a node; name its output tensor '${node.outputs[0]}'`);
    return refuse(`unknown tensor '${name}'`);
  }
  if (!space.fromInput.has(name)) return refuse(`tensor '${name}' is not computed from the input`);
  if (!space.toScore.has(name))
    return refuse(`tensor '${name}' does not lead to the scored output '${space.scored}'`);
  const facts = space.facts.get(name);
  if (!isCuttable(space, name)) {
    const what = facts ? `is ${facts.dtype} [${facts.shape.join(', ')}]` : 'was not measured';
    const tokens =
      facts?.shape.length === 3
        ? ' nor tokens whose grid the graph makes unambiguous (name it: tokens: { grid: [rows, columns], prefix })'
        : '';
    return refuse(
      `tensor '${name}' (${producer.opType}) ${what}, not a feature map [batch, channels, height, width]${tokens}`,
    );
  }
  return { tensor: name, reason: 'named' };
}

/**
 * The tensors the head must be fed besides the cut: what the part after the cut reads that does
 * not depend on the cut (skip connections around it). Holding them fixed, the head's gradient is
 * the whole model's derivative with respect to the cut, since they do not change with it.
 *
 * Only float tensors (one row per sample, checked when the body runs) are fed, because the engine
 * repeats them per target. Anything else that depends on an input (shape arithmetic such as
 * `Shape(x)`) is recomputed in the head from the tensors it comes from, so that it follows the
 * head's batch of rows. Constants and what is computed from them alone the executor handles itself.
 */
export function crossingTensors(space: CutSpace, cut: string): string[] {
  const { exec, facts } = space;
  const { index } = exec;
  const afterCut = descendants(index, [cut]);
  const head = ancestors(index, [space.scored], (name) => name === cut || !afterCut.has(name));
  const inputs = new Set(exec.inputs.map((i) => i.name));
  const fromAnyInput = descendants(index, inputs);
  const fed = new Set<string>();
  const recomputed = new Set<string>();

  const reach = (name: string): void => {
    if (
      name === '' ||
      exec.isConstant(name) ||
      !fromAnyInput.has(name) ||
      fed.has(name) ||
      recomputed.has(name)
    ) {
      return;
    }
    const f = facts.get(name);
    if (inputs.has(name) || (f && f.dtype === 'float32' && f.shape.length > 0)) {
      fed.add(name);
      return;
    }
    recomputed.add(name);
    for (const input of index.producer.get(name)?.inputs ?? []) reach(input);
  };

  for (const name of head) {
    if (name === cut || !afterCut.has(name)) continue;
    for (const input of index.producer.get(name)?.inputs ?? []) if (!afterCut.has(input)) reach(input);
  }
  const order = new Map(tensorsInOrder(exec).map((n, i) => [n, i]));
  return [...fed].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));
}

/** Candidate names for an error message; long graphs are cut short. */
function listNames(names: string[], max = 40): string {
  if (names.length === 0) return '(none)';
  const more =
    names.length > max
      ? `, ... and ${names.length - max} more (gradcam layers --model <file> lists them all; in code, listTensors)`
      : '';
  return names.slice(0, max).join(', ') + more;
}
