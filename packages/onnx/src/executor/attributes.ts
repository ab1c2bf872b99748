import { GradcamError } from '@gradcam/core';
import type { OnnxAttribute, OnnxNode, OnnxTensor } from '../proto/types';

/** Typed access to a node's attributes, with the defaults of the operator's specification. */
export class Attributes {
  constructor(private readonly node: OnnxNode) {}

  has(name: string): boolean {
    return name in this.node.attributes;
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    return this.get(name, 'int') ?? fallback;
  }

  float(name: string, fallback: number): number;
  float(name: string): number | undefined;
  float(name: string, fallback?: number): number | undefined {
    return this.get(name, 'float') ?? fallback;
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.get(name, 'string') ?? fallback;
  }

  ints(name: string, fallback: number[]): number[];
  ints(name: string): number[] | undefined;
  ints(name: string, fallback?: number[]): number[] | undefined {
    return this.get(name, 'ints') ?? fallback;
  }

  floats(name: string): number[] | undefined {
    return this.get(name, 'floats');
  }

  tensor(name: string): OnnxTensor | undefined {
    return this.get(name, 'tensor');
  }

  private get<K extends OnnxAttribute['type']>(
    name: string,
    type: K,
  ): Extract<OnnxAttribute, { type: K }>['value'] | undefined {
    const a = this.node.attributes[name];
    if (a === undefined) return undefined;
    // Exporters sometimes write a single int where a list is expected, or an int for a float.
    if (a.type === type) return a.value as never;
    if (type === 'ints' && a.type === 'int') return [a.value] as never;
    if (type === 'float' && a.type === 'int') return a.value as never;
    throw new GradcamError(
      `node '${this.node.name}' (${this.node.opType}): attribute '${name}' is ${a.type}, expected ${type}`,
    );
  }
}
