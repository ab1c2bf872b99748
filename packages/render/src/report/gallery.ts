import { escapeHtml as esc } from './escape';
import type { PanelView, ReportView } from './view';

interface Column {
  kind: 'map' | 'counterfactual';
  method: string;
  heading: string;
}

function columns(view: ReportView): Column[] {
  const maps = view.methods
    .filter((m) => view.panels.some((p) => m in p.maps))
    .map((method): Column => ({ kind: 'map', method, heading: method }));
  const counterfactual = view.methods
    .filter((m) => view.panels.some((p) => m in p.counterfactual))
    .map((method): Column => ({ kind: 'counterfactual', method, heading: `${method} counterfactual` }));
  return [...maps, ...counterfactual];
}

function cell(p: PanelView, column: Column, pixelated: string): string {
  const uri = column.kind === 'map' ? p.maps[column.method] : p.counterfactual[column.method];
  if (!uri) return '<td class="none">—</td>';
  const what = column.kind === 'map' ? `${column.method} map` : `${column.method} counterfactual map`;
  return `<td><img class="thumb${pixelated}" data-kind="${column.kind}" data-panel="${p.index}" data-method="${esc(column.method)}" src="${uri}" alt="${esc(what)} of ${esc(p.panel.label)}"></td>`;
}

/**
 * Every map of the page at a glance: one row per panel, one column per method (and per
 * counterfactual method), so that methods are compared side by side. It is also where the
 * script finds each map's data URI, which keeps every image in the file once.
 */
export function galleryHtml(view: ReportView): string {
  const cols = columns(view);
  const pixelated = view.smallImage ? ' pixelated' : '';
  const compare = view.methods.length > 1;
  const head = cols.map((c) => `<th scope="col">${esc(c.heading)}</th>`).join('');
  const rows = view.panels
    .map(
      (p) =>
        `<tr data-panel="${p.index}"${p.index === 0 ? ' class="selected"' : ''}><th scope="row">${esc(p.panel.label)}</th>${cols.map((c) => cell(p, c, pixelated)).join('')}</tr>`,
    )
    .join('\n');
  return `<section class="gallery" id="gallery" aria-label="${compare ? 'Compare methods' : 'All maps'}">
<h2>${compare ? 'Compare methods' : 'All maps'}</h2>
<p class="hint">Click a map to show it above.</p>
<table>
<thead><tr><th scope="col"></th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
