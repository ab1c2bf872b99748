import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../core/test/helpers/required-resource';
import { supportedOps } from '../src';
import { EXCLUDED } from './conformance/exclusions';
import {
  type CaseResult,
  caseNames,
  caseOp,
  hasNodeTests,
  missingOps,
  ONNX_NODE_TESTS,
  readModel,
  runCase,
} from './conformance/run-case';
import { formatTable } from './conformance/table';

/**
 * The ONNX project's backend node tests (Debian's libonnx-testdata, which `pnpm test` installs: scripts/system-deps.sh) for
 * every op the importer supports, on the CPU backend: one test per op, failing on any case of it
 * that does not match, and on any case in the exclusion list that loads instead of being refused.
 * The table of passed / failed / unsupported cases per op is printed at the end.
 */
interface Case {
  name: string;
  op: string;
  missing: string[];
}

function cases(): Case[] {
  const models = caseNames().map((name) => ({ name, model: readModel(name) }));
  const opNames = [
    ...new Set([...supportedOps(), ...models.flatMap((m) => m.model.graph.nodes.map((n) => n.opType))]),
  ];
  return models.map(({ name, model }) => ({
    name,
    op: caseOp(name, model, opNames),
    missing: missingOps(model),
  }));
}

describe.skipIf(skipWithout(ONNX_NODE_TESTS))('ONNX backend node tests (libonnx-testdata)', () => {
  const all = hasNodeTests ? cases() : [];
  const supported = new Set(supportedOps());
  const results: CaseResult[] = [];
  const byOp = new Map<string, Case[]>();
  for (const c of all) {
    if (c.missing.length > 0)
      results.push({ name: c.name, op: c.op, outcome: { kind: 'other-ops', ops: c.missing } });
    else byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);
  }

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  afterAll(() => {
    console.log(formatTable(results));
  });

  it('every excluded case exists and uses supported ops only', () => {
    const byName = new Map(all.map((c) => [c.name, c]));
    for (const name of Object.keys(EXCLUDED)) {
      expect(byName.has(name), name).toBe(true);
      expect(byName.get(name)!.missing, name).toEqual([]);
    }
  });

  for (const [op, list] of [...byOp].sort(([a], [b]) => a.localeCompare(b))) {
    const title = `${op}${supported.has(op) ? '' : ' (as its function body)'}: ${list.length} case${list.length === 1 ? '' : 's'}`;
    it(title, () => {
      const failed: string[] = [];
      for (const c of list) {
        const result = runCase(c.name, op, EXCLUDED[c.name]);
        results.push(result);
        if (result.outcome.kind === 'failed') failed.push(`${c.name}: ${result.outcome.detail}`);
      }
      expect(failed).toEqual([]);
    });
  }
});
