import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { RequiredResource } from '../../../core/test/helpers/required-resource';
import { loadOnnx, type OnnxExecutor, parseOnnx, supportedOps } from '../../src';
import { toTensor } from '../../src/executor/to-tensor';
import { decodeTensor } from '../../src/proto/tensor';
import type { OnnxModel, OnnxTensor } from '../../src/proto/types';
import { ProtoReader } from '../../src/proto/wire';

/** Debian's libonnx-testdata (ONNX 1.12): the ONNX project's backend node tests. */
export const NODE_TESTS = '/usr/share/libonnx-testdata/data/node/';
export const hasNodeTests = existsSync(NODE_TESTS);
export const ONNX_NODE_TESTS: RequiredResource = {
  name: `the ONNX backend node tests (${NODE_TESTS})`,
  present: hasNodeTests,
  howToGet: 'apt-get install -y libonnx-testdata (pnpm test does it as root: scripts/system-deps.sh).',
};

/**
 * ONNX's backend runner compares with rtol 1e-3 and atol 1e-7; atol is 1e-4 here because TF.js
 * computes in float32 what some references computed in float64.
 */
const RTOL = 1e-3;
const ATOL = 1e-4;

export type CaseOutcome =
  | { kind: 'passed' }
  | { kind: 'failed'; detail: string }
  /** Refused at load with a clear error, as the exclusion list expects. */
  | { kind: 'unsupported'; detail: string }
  /** Uses op types outside the registry: not a case of a supported op. */
  | { kind: 'other-ops'; ops: string[] };

export interface CaseResult {
  name: string;
  op: string;
  outcome: CaseOutcome;
}

export function caseNames(): string[] {
  return readdirSync(NODE_TESTS)
    .filter((d) => existsSync(`${NODE_TESTS}${d}/model.onnx`))
    .sort();
}

export function readModel(name: string): OnnxModel {
  return parseOnnx(readFileSync(`${NODE_TESTS}${name}/model.onnx`));
}

/**
 * The op a case tests: the longest of `opNames` that its name starts with (an expanded case, whose
 * model is the op's function body, belongs to the op), else its first node's op type.
 */
export function caseOp(name: string, model: OnnxModel, opNames: string[]): string {
  const bare = name
    .replace(/^test_/, '')
    .replace(/_/g, '')
    .toLowerCase();
  const named = opNames
    .filter((t) => bare.startsWith(t.toLowerCase()))
    .sort((a, b) => b.length - a.length)[0];
  const types = [...new Set(model.graph.nodes.map((n) => n.opType))];
  return named ?? types.find((t) => t !== 'Constant') ?? types[0] ?? '?';
}

/** The op types of a model that the importer does not run. */
export function missingOps(model: OnnxModel): string[] {
  const supported = new Set(supportedOps());
  const missing = model.graph.nodes.filter(
    (n) => !supported.has(n.opType) || (n.domain !== '' && n.domain !== 'ai.onnx'),
  );
  return [...new Set(missing.map((n) => n.opType))];
}

function readTensor(path: string): OnnxTensor {
  return decodeTensor(new ProtoReader(new Uint8Array(readFileSync(path))), {});
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];

/**
 * One case: load the model (where the importer must refuse what it cannot run), feed
 * test_data_set_0's inputs, compare every output. `excluded` is the reason the case is expected
 * to be refused at load.
 */
export function runCase(name: string, op: string, excluded: string | undefined): CaseResult {
  const dir = `${NODE_TESTS}${name}/`;
  let model: OnnxModel;
  let exec: OnnxExecutor;
  try {
    model = parseOnnx(readFileSync(`${dir}model.onnx`));
    exec = loadOnnx(model);
  } catch (e) {
    const detail = firstLine(e);
    return { name, op, outcome: excluded ? { kind: 'unsupported', detail } : { kind: 'failed', detail } };
  }
  if (excluded) {
    exec.dispose();
    return {
      name,
      op,
      outcome: { kind: 'failed', detail: `listed as unsupported (${excluded}) but it loaded` },
    };
  }
  const set = `${dir}test_data_set_0/`;
  const initialized = new Set(model.graph.initializers.map((t) => t.name));
  const inputs = model.graph.inputs.filter((i) => !initialized.has(i.name));
  const feeds: Record<string, tf.Tensor> = {};
  try {
    inputs.forEach((input, i) => {
      feeds[input.name] = toTensor(readTensor(`${set}input_${i}.pb`));
    });
    const fetches = model.graph.outputs.map((o) => o.name);
    const results = exec.run(feeds, fetches);
    const problems = fetches.flatMap((out, i) =>
      compare(out, results[i], readTensor(`${set}output_${i}.pb`)),
    );
    tf.dispose(results);
    return {
      name,
      op,
      outcome: problems.length === 0 ? { kind: 'passed' } : { kind: 'failed', detail: problems.join('; ') },
    };
  } catch (e) {
    return { name, op, outcome: { kind: 'failed', detail: firstLine(e) } };
  } finally {
    tf.dispose(Object.values(feeds));
    exec.dispose();
  }
}

/** Shape, then every element: exact for integers and booleans, ONNX's tolerance for floats; NaN matches NaN. */
function compare(name: string, got: tf.Tensor, expected: OnnxTensor): string[] {
  if (got.shape.join(',') !== expected.dims.join(',')) {
    return [`${name}: shape [${got.shape.join(', ')}], expected [${expected.dims.join(', ')}]`];
  }
  const want = Array.from(expected.data as ArrayLike<number | bigint>, Number);
  const have = got.dataSync();
  const exact = !['float32', 'float64', 'float16', 'bfloat16'].includes(expected.dataType);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < want.length; i++) {
    const a = Number(have[i]);
    const b = want[i];
    if (Number.isNaN(b) ? Number.isNaN(a) : a === b) continue;
    const excess = exact ? 1 : Math.abs(a - b) - (ATOL + RTOL * Math.abs(b));
    if (Number.isNaN(excess) || excess > worstExcess) {
      worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
      worst = i;
    }
  }
  return worst < 0 ? [] : [`${name}[${worst}]: ${have[worst]}, expected ${want[worst]}`];
}
