import type { GraphNode } from '../graph/graph-access';

/** An attribute of a GraphDef node as the converter keeps it (`rawAttrs`, proto3 JSON: strings base64). */
interface RawAttr {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  list?: { i?: (string | number)[]; s?: string[]; f?: number[] };
}

const raw = (node: GraphNode, name: string): RawAttr | undefined =>
  (node as GraphNode & { rawAttrs?: Record<string, RawAttr> }).rawAttrs?.[name];

const decode = (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));

export const nodeAttr = {
  string: (node: GraphNode, name: string, fallback = ''): string => {
    const s = raw(node, name)?.s;
    return s === undefined ? fallback : decode(s);
  },
  strings: (node: GraphNode, name: string): string[] => (raw(node, name)?.list?.s ?? []).map(decode),
  ints: (node: GraphNode, name: string, fallback: number[]): number[] => {
    const list = raw(node, name)?.list?.i;
    return list && list.length > 0 ? list.map(Number) : fallback;
  },
  int: (node: GraphNode, name: string, fallback: number): number => {
    const i = raw(node, name)?.i;
    return i === undefined ? fallback : Number(i);
  },
  float: (node: GraphNode, name: string, fallback: number): number => raw(node, name)?.f ?? fallback,
  bool: (node: GraphNode, name: string, fallback = false): boolean => raw(node, name)?.b ?? fallback,
};
