/** `[batch, 32, 32, 3]`: unknown dimensions (null, or -1 in GraphModels) read as `batch` or `?`. */
export function shapeText(shape: readonly (number | null | undefined)[]): string {
  return `[${shape.map((d, i) => (isKnown(d) ? d : i === 0 ? 'batch' : '?')).join(', ')}]`;
}

/** A dimension the model fixes: LayersModels write unknown ones as null, GraphModels as -1. */
export function isKnown(d: number | null | undefined): d is number {
  return typeof d === 'number' && d >= 0;
}
