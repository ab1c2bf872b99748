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

/** A map's thumbnail; its data attributes are how the script finds it. */
function thumb(p: PanelView, column: Column, pixelated: string): string | undefined {
  const uri = column.kind === 'map' ? p.maps[column.method] : p.counterfactual[column.method];
  if (!uri) return undefined;
  const what = column.kind === 'map' ? `${column.method} map` : `${column.method} counterfactual map`;
  return `<img class="thumb${pixelated}" data-kind="${column.kind}" data-panel="${p.index}" data-method="${esc(column.method)}" src="${uri}" alt="${esc(what)} of ${esc(p.panel.label)}">`;
}

function cell(p: PanelView, column: Column, pixelated: string): string {
  const img = thumb(p, column, pixelated);
  return img ? `<td>${img}</td>` : '<td class="none">—</td>';
}

/** One method and no counterfactual: the maps wrap as labelled cards rather than a tall column. */
function strip(view: ReportView, column: Column, pixelated: string): string {
  const cards = view.panels
    .map(
      (p) =>
        `<figure data-row="${p.index}"${p.index === 0 ? ' class="selected"' : ''}>${thumb(p, column, pixelated) ?? ''}<figcaption>${esc(p.panel.label)}</figcaption></figure>`,
    )
    .join('\n');
  return `<div class="strip">\n${cards}\n</div>`;
}

function table(view: ReportView, cols: Column[], pixelated: string): string {
  const head = cols.map((c) => `<th scope="col">${esc(c.heading)}</th>`).join('');
  const rows = view.panels
    .map(
      (p) =>
        `<tr data-row="${p.index}"${p.index === 0 ? ' class="selected"' : ''}><th scope="row">${esc(p.panel.label)}</th>${cols.map((c) => cell(p, c, pixelated)).join('')}</tr>`,
    )
    .join('\n');
  return `<table>
<thead><tr><th scope="col"></th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
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
  const title = compare ? 'Compare methods' : 'All maps';
  return `<section class="gallery" id="${view.id('gallery')}" aria-label="${title}">
<h2>${title}</h2>
<p class="hint">Click a map to show it above.</p>
${cols.length === 1 ? strip(view, cols[0], pixelated) : table(view, cols, pixelated)}
</section>`;
}
