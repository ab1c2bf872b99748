import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter, listGraphNodes } from '../src/graph';
import { twoOutputTokenNet } from './helpers/graph-odd-nets';
import { residualNet } from './helpers/graph-test-nets';

const CANDIDATES = 'explainable nodes: conv1, conv2, dw, pw, add, relu, conv3, act3';

describe('GraphModel adapter: clear errors', () => {
  const net = residualNet(1);
  const odd = twoOutputTokenNet();

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    odd.dispose();
  });

  const refusal = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(GradcamError);
      return (error as Error).message;
    }
    throw new Error('expected an error');
  };

  it('an unknown node lists the nodes that can be explained', () => {
    expect(refusal(() => graphModelAdapter(net.model, { node: 'x' }))).toBe(
      `unknown node 'x'; ${CANDIDATES}`,
    );
  });

  it('a 2-D node is refused with its shape', () => {
    const message = refusal(() => graphModelAdapter(net.model, { node: 'mean' }));
    expect(message).toContain("node 'mean' (Mean) outputs float32 [1, 6]");
    expect(message).toContain('not an NHWC feature map [batch, height, width, channels]');
    expect(message).toContain(CANDIDATES);
  });

  it('a token sequence is refused with its shape', () => {
    const message = refusal(() => graphModelAdapter(odd, { node: 'tokens', output: 'logits' }));
    expect(message).toContain("node 'tokens' (Reshape) outputs float32 [1, 16, 3] (a token sequence");
    expect(message).toContain('explainable nodes: conv');
  });

  it('weights, the input itself, and nodes after the scored tensor are refused', () => {
    expect(refusal(() => graphModelAdapter(net.model, { node: 'k2' }))).toContain(
      "node 'k2' (Const) is not computed from the input",
    );
    expect(refusal(() => graphModelAdapter(net.model, { node: 'input' }))).toContain(
      "'input' is the model's input",
    );
    expect(refusal(() => graphModelAdapter(net.model, { node: 'probs' }))).toContain(
      "node 'probs' does not lead to the scored output 'logits'",
    );
    expect(refusal(() => graphModelAdapter(net.model, { node: 'conv2:1' }))).toContain("node 'conv2:1'");
  });

  it('unknown outputs and inputs name the ones there are', () => {
    expect(refusal(() => graphModelAdapter(net.model, { output: 'nope' }))).toBe(
      "unknown output 'nope'; the graph's outputs are: probs",
    );
    expect(refusal(() => graphModelAdapter(net.model, { inputName: 'image' }))).toBe(
      "unknown input 'image'; the graph's inputs are: input",
    );
  });

  it('a graph with two outputs asks which one', () => {
    expect(refusal(() => graphModelAdapter(odd))).toMatch(
      /the graph has 2 outputs \((logits, aux|aux, logits)\): pass output/,
    );
    expect(graphModelAdapter(odd, { output: 'logits' }).layer).toBe('conv');
    expect(graphModelAdapter(odd, { output: 'aux' }).layer).toBe('conv');
  });

  it('listing the nodes of a graph with two outputs needs no choice of output', () => {
    const nodes = listGraphNodes(odd);
    expect(nodes.filter((n) => n.explainable).map((n) => n.name)).toEqual(['conv', 'aux']);
    expect(nodes.some((n) => n.isDefault)).toBe(false);
    expect(listGraphNodes(odd, { output: 'logits' }).find((n) => n.isDefault)?.name).toBe('conv');
  });

  it('an input of unknown spatial size asks for inputShape', () => {
    const open = twoOutputTokenNet(true);
    expect(refusal(() => graphModelAdapter(open, { output: 'logits' }))).toContain(
      "the input 'input' has shape [-1, -1, -1, 2]: pass inputShape",
    );
    const adapter = graphModelAdapter(open, { output: 'logits', inputShape: [1, 4, 4, 2] });
    expect(adapter.nodeShape).toEqual([1, 4, 4, 3]);
    open.dispose();
  });
});
