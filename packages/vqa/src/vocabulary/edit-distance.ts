/** Levenshtein distance: insertions, deletions and substitutions, each costing one. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j] + 1, current[j - 1] + 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The `count` candidates nearest to `word` by edit distance; ties keep the candidates' order. */
export function closest(word: string, candidates: readonly string[], count: number): string[] {
  return candidates
    .map((candidate, order) => ({ candidate, order, distance: editDistance(word, candidate) }))
    .sort((x, y) => x.distance - y.distance || x.order - y.order)
    .slice(0, count)
    .map((x) => x.candidate);
}
