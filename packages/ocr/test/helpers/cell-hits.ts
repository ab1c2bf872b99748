/** A read line as the page explanation or the CLI's JSON gives it. */
export interface ReadLine {
  row: number;
  characters: { char: string; peak: { x: number } }[];
}

/**
 * How many read characters have their map maximum inside the cell of the character drawn there.
 * Characters are matched in reading order per row, spaces skipped (the detector may split a row
 * into words); a row whose letters differ from the drawn ones counts every character as a miss.
 */
export function cellHits(
  read: ReadLine[],
  drawn: { text: string; cells: [number, number][] }[],
): { inside: number; total: number } {
  let inside = 0;
  let total = 0;
  drawn.forEach((line, row) => {
    const cells = [...line.text]
      .map((char, i) => ({ char, cell: line.cells[i] }))
      .filter((c) => c.char !== ' ');
    const chars = read
      .filter((l) => l.row === row)
      .flatMap((l) => l.characters.filter((c) => c.char !== ' '));
    total += cells.length;
    if (chars.map((c) => c.char).join('') !== cells.map((c) => c.char).join('')) return;
    chars.forEach((c, i) => {
      const [x0, x1] = cells[i].cell;
      if (c.peak.x >= x0 && c.peak.x < x1) inside++;
    });
  });
  return { inside, total };
}
