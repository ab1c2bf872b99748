import { jsonLabels } from './labels-file';

/**
 * Keys under which exporters leave class names in an ONNX model's metadata_props, most specific
 * first: Ultralytics writes `names`, others `labels`, `classes`, `class_names`; Hugging Face style
 * configs carry `id2label`. Compared without case.
 */
export const METADATA_LABEL_KEYS = [
  'labels',
  'class_names',
  'classnames',
  'class_labels',
  'classes',
  'names',
  'id2label',
] as const;

/**
 * Class names from metadata values: the first key of METADATA_LABEL_KEYS whose value reads as a
 * list of at least two names. A value that is no list (a single word, a licence text) is passed
 * over rather than taken for one class.
 */
export function labelsFromMetadata(
  props: Record<string, string>,
): { names: string[]; key: string } | undefined {
  const keys = Object.keys(props);
  for (const wanted of METADATA_LABEL_KEYS) {
    const key = keys.find((k) => k.toLowerCase() === wanted);
    const names = key === undefined ? undefined : nameList(props[key]);
    if (key !== undefined && names) return { names, key };
  }
  return undefined;
}

/**
 * The forms met in exported models: JSON (a list, or an index object as id2label), Python's repr
 * of a list or of an index dict (`{0: 'person', 1: 'bicycle'}`, as Ultralytics writes it), one
 * name per line, or a comma list. Newlines are tried before commas: ImageNet names hold commas.
 */
export function nameList(value: string): string[] | undefined {
  const text = value.trim();
  // Brackets promise a structure: one that does not read is no list, not text to split.
  const names = /^[[{]/.test(text)
    ? (fromJson(text) ?? fromPythonRepr(text))
    : (text.includes('\n') ? text.split(/\r?\n/) : text.split(',')).map((n) => n.trim());
  return names && names.length >= 2 && names.every((n) => n !== '') ? names : undefined;
}

function fromJson(text: string): string[] | undefined {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    return jsonLabels(text, 'metadata');
  } catch {
    return undefined;
  }
}

// A Python string literal in either quote, with backslash escapes.
const PY_STRING = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;

function fromPythonRepr(text: string): string[] | undefined {
  const isDict = text.startsWith('{') && text.endsWith('}');
  if (!isDict && !(text.startsWith('[') && text.endsWith(']'))) return undefined;
  const item = isDict ? new RegExp(`(\\d+)\\s*:\\s*(?:${PY_STRING})`, 'g') : new RegExp(PY_STRING, 'g');
  const names: string[] = [];
  const body = text.slice(1, -1);
  let covered = 0;
  for (const m of body.matchAll(item)) {
    // Between items only separators: anything else (numbers, nested lists) is not a name list.
    if (!/^[\s,]*$/.test(body.slice(covered, m.index))) return undefined;
    covered = m.index + m[0].length;
    const index = isDict ? Number(m[1]) : names.length;
    const literal = (isDict ? (m[2] ?? m[3]) : (m[1] ?? m[2])) ?? '';
    if (index !== names.length) return undefined;
    names.push(literal.replace(/\\(.)/g, '$1'));
  }
  return /^[\s,]*$/.test(body.slice(covered)) && names.length > 0 ? names : undefined;
}
