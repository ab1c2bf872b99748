import type * as tf from '@tensorflow/tfjs-core';
import type { OnnxExecutor } from '../executor/executor';
import { type GraphIndex, indexGraph } from '../executor/graph-index';
import { makePlan } from '../executor/plan';
import type { OnnxNode } from '../proto/types';
import type { GraphFacts } from './facts';
import { type Need, type RowFacts, type Rows, rowNeeds, selectedRow } from './row-rules';

const sameRows = (x: Rows, y: Rows) => x.axis === y.axis && x.row === y.row;

/**
 * The head's graph computing only the rows the scored tensor reads, or undefined when nothing can
 * be pruned. A ViT scores its class token: after the last attention only that row reaches the
 * classifier, so the output projection, residuals, LayerNorms and MLP run on one row, and the last
 * attention computes only that row's query (its keys and values still read every token, so the
 * gradient at the cut still reaches all of them). Walking back from a Gather of one constant index,
 * a tensor is computed as that one row when every node reading it in the head wants only that row
 * and its node is known to be row-wise (row-rules.ts); anything else is kept whole, and a node
 * wanting one row of a whole tensor reads it through a Gather. The result is exact: the same
 * numbers, fewer of them.
 */
export function prunedHead(
  exec: OnnxExecutor,
  graphFacts: GraphFacts,
  feeds: string[],
  scored: string,
): GraphIndex | undefined {
  const fed = new Set(feeds);
  const facts = rowFacts(exec, graphFacts);
  const head = makePlan(exec.index, (n) => fed.has(n) || exec.isConstant(n), [scored]).nodes;
  const wants = new Map<string, Need[]>([[scored, ['all']]]);
  const want = (name: string, need: Need) => {
    if (name !== '') wants.set(name, [...(wants.get(name) ?? []), need]);
  };
  /** Nodes computed as one row, with what each of their inputs must hold. */
  const pruned = new Map<OnnxNode, Need[]>();
  const prunedRows = new Map<string, Rows>();
  const selectors = new Set<OnnxNode>();

  for (const node of head.slice().reverse()) {
    const selected = selectedRow(node, facts);
    if (selected) {
      selectors.add(node);
      want(node.inputs[0], selected);
      want(node.inputs[1], 'all');
      continue;
    }
    const rows = uniformRows(wants.get(node.outputs[0]) ?? []);
    const needs = rows && node.outputs.length === 1 ? rowNeeds(node, rows, facts) : undefined;
    if (rows && needs) {
      pruned.set(node, needs);
      prunedRows.set(node.outputs[0], rows);
      for (const [i, name] of node.inputs.entries()) want(name, needs[i]);
    } else {
      for (const name of node.inputs) want(name, 'all');
    }
  }
  if (pruned.size === 0) return undefined;
  return indexGraph({
    ...exec.index.graph,
    nodes: rewrite(exec, exec.index.graph.nodes, pruned, prunedRows, selectors),
  });
}

/** The one set of rows every reader wants, if they agree. */
function uniformRows(needs: Need[]): Rows | undefined {
  if (needs.length === 0 || needs.some((n) => n === 'all')) return undefined;
  const [first, ...rest] = needs as Rows[];
  return rest.every((n) => sameRows(n, first)) ? first : undefined;
}

function rewrite(
  exec: OnnxExecutor,
  nodes: OnnxNode[],
  pruned: Map<OnnxNode, Need[]>,
  prunedRows: Map<string, Rows>,
  selectors: Set<OnnxNode>,
): OnnxNode[] {
  const added: OnnxNode[] = [];
  const gathered = new Map<string, string>();
  const intConstant = (value: number, scalar = false) => {
    const name = `::rows:${value}:${scalar ? 'scalar' : 'list'}`;
    if (!exec.isConstant(name)) {
      const data = new BigInt64Array([BigInt(value)]);
      exec.addConstant({ name, dims: scalar ? [] : [1], dataType: 'int64', data });
    }
    return name;
  };
  /** The tensor `name` at `rows` only: computed so, or gathered from the whole tensor. */
  const rowsOf = (name: string, rows: Rows): string => {
    if (prunedRows.has(name)) return `${name}::rows`;
    const key = `${name}::rows@${rows.axis}:${rows.row}`;
    if (!gathered.has(key)) {
      // A Slice, not a Gather: its gradient is a pad, and it caches nothing per node.
      added.push(
        exec.opset < 10
          ? sliceNode(key, [name], { starts: [rows.row], ends: [rows.row + 1], axes: [rows.axis] })
          : sliceNode(key, [name, intConstant(rows.row), intConstant(rows.row + 1), intConstant(rows.axis)]),
      );
      gathered.set(key, key);
    }
    return key;
  };
  const kept: OnnxNode[] = [];
  for (const node of nodes) {
    const needs = pruned.get(node);
    if (needs) {
      added.push({
        ...node,
        name: `${node.name}::rows`,
        inputs: node.inputs.map((name, i) =>
          name !== '' && needs[i] !== 'all' ? rowsOf(name, needs[i] as Rows) : name,
        ),
        outputs: [`${node.outputs[0]}::rows`],
      });
    } else if (selectors.has(node) && prunedRows.has(node.inputs[0])) {
      // The input is now that one row: gather index 0 of it, keeping the indices' rank.
      const scalar = exec.constant(node.inputs[1])!.rank === 0;
      const axis = prunedRows.get(node.inputs[0])!.axis;
      added.push({
        ...gatherNode(node.outputs[0], `${node.inputs[0]}::rows`, intConstant(0, scalar), axis),
        name: `${node.name}::rows`,
      });
    } else {
      kept.push(node);
    }
  }
  return [...kept, ...added];
}

function gatherNode(output: string, data: string, indices: string, axis: number): OnnxNode {
  return {
    name: output,
    opType: 'Gather',
    domain: '',
    inputs: [data, indices],
    outputs: [output],
    attributes: { axis: { type: 'int', value: axis } },
  };
}

function sliceNode(output: string, inputs: string[], legacy?: Record<string, number[]>): OnnxNode {
  const attributes: OnnxNode['attributes'] = {};
  for (const [k, v] of Object.entries(legacy ?? {})) attributes[k] = { type: 'ints', value: v };
  return { name: output, opType: 'Slice', domain: '', inputs, outputs: [output], attributes };
}

function rowFacts(exec: OnnxExecutor, facts: GraphFacts): RowFacts {
  const constant = (name: string): tf.Tensor | undefined => exec.constant(name);
  return {
    shape: (name) => constant(name)?.shape ?? facts.get(name)?.shape,
    isConstant: (name) => exec.isConstant(name),
    ints: (name) => {
      const t = constant(name);
      return t && t.size <= 64 ? Array.from(t.dataSync(), Number) : undefined;
    },
    opset: exec.opset,
  };
}
