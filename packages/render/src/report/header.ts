import { escapeHtml as esc } from './escape';
import { formatDuration } from './format';
import type { ReportView } from './view';

/** Name/value pairs of what was run; absent ones are left out rather than shown empty. */
function metaRows(view: ReportView): [string, string][] {
  const { meta } = view;
  const rows: [string, string | undefined][] = [
    [view.methods.length > 1 ? 'methods' : 'method', view.methods.join(', ')],
    [meta.layers.length > 1 ? 'layers' : 'layer', meta.layers.join(', ') || undefined],
    ['model', meta.model],
    ['backend', meta.backend],
    ['time', meta.timeMs === undefined ? undefined : formatDuration(meta.timeMs)],
    ['colormap', view.colormap],
    ...Object.entries(meta.details ?? {}),
    ['command', meta.command],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
}

/** A report's header; a section of a page of several has an h3 title under the page's h1 and h2. */
export function headerHtml(view: ReportView, level: 1 | 3 = 1): string {
  const { meta } = view;
  const rows = metaRows(view)
    .map(([name, value]) => `<div><dt>${esc(name)}</dt><dd>${esc(value)}</dd></div>`)
    .join('');
  const notes = (meta.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('');
  const banner = (meta.banner ?? []).map((b) => `<p class="banner" role="alert">${esc(b)}</p>`).join('');
  return `<header>
${banner}<h${level}>${esc(meta.title)}</h${level}>
${meta.subtitle ? `<p class="subtitle">${esc(meta.subtitle)}</p>` : ''}
<dl class="meta" id="${view.id('meta')}">${rows}</dl>
${notes ? `<ul class="notes">${notes}</ul>` : ''}
</header>`;
}
