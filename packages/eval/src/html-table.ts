export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Inline Markdown of the report's own lines: `code` and **bold** only. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

const cells = (line: string) =>
  line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));

/**
 * The subset of Markdown that evalMarkdown writes (headings, paragraphs, bullet lines, pipe
 * tables) as HTML, so that the page and the file say exactly the same.
 */
export function markdownTableRowsToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('|')) {
      const header = cells(line);
      i++; // the --- line
      const body: string[][] = [];
      while (i + 1 < lines.length && lines[i + 1].startsWith('|')) body.push(cells(lines[++i]));
      out.push(
        `<table><tr>${header.map((h) => `<th>${inline(h)}</th>`).join('')}</tr>`,
        ...body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`),
        '</table>',
      );
    } else if (/^#{1,3} /.test(line)) {
      const level = line.indexOf(' ');
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`);
    } else if (line.startsWith('- ')) out.push(`<p>• ${inline(line.slice(2))}</p>`);
    else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  return out.join('\n');
}
