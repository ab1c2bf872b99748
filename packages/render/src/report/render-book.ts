import { escapeHtml as esc } from './escape';
import { formatValue } from './format';
import { documentHtml, reportBodyHtml } from './page';
import { type ReportOptions, shrunkView } from './render-report';
import type { ReportBook, ReportTable } from './types';
import type { ReportView } from './view';

function tableHtml(table: ReportTable): string {
  const head = table.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  const rows = table.rows
    .map((row) => `<tr>${row.map((v) => `<td>${esc(formatValue(v))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="summary-table"><caption>${esc(table.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function headerHtml(book: ReportBook): string {
  const { meta } = book;
  const details = Object.entries({ ...meta.details, ...(meta.command ? { command: meta.command } : {}) })
    .map(([name, value]) => `<div><dt>${esc(name)}</dt><dd>${esc(value)}</dd></div>`)
    .join('');
  const notes = (meta.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('');
  const links = (meta.links ?? []).map((l) => `<a href="${esc(l.href)}">${esc(l.text)}</a>`).join(' ');
  return `<header>
<h1>${esc(meta.title)}</h1>
${meta.subtitle ? `<p class="subtitle">${esc(meta.subtitle)}</p>` : ''}
${details ? `<dl class="meta">${details}</dl>` : ''}
${notes ? `<ul class="notes">${notes}</ul>` : ''}
${links ? `<p class="links">${links}</p>` : ''}
</header>`;
}

/** Sections in order, gathered under their groups (a section without one is its own group). */
function groups(book: ReportBook, views: ReportView[]): { name?: string; members: number[] }[] {
  const out: { name?: string; members: number[] }[] = [];
  book.sections.forEach((section, k) => {
    const last = out.at(-1);
    if (section.group !== undefined && last?.name === section.group) last.members.push(k);
    else out.push({ name: section.group, members: [k] });
  });
  return views.length ? out : [];
}

function contentsHtml(book: ReportBook, grouped: ReturnType<typeof groups>): string {
  // Under its group's name a section's title drops that name: `scene 1: caption`, not `scene 1: scene 1: caption`.
  const link = (k: number, group?: string) => {
    const title = book.sections[k].meta.title;
    const text = group && title.startsWith(`${group}: `) ? title.slice(group.length + 2) : title;
    return `<a href="#s${k}">${esc(text)}</a>`;
  };
  const items = grouped
    .map(
      (g) =>
        `<li>${g.name ? `<b>${esc(g.name)}</b>: ` : ''}${g.members.map((k) => link(k, g.name)).join(' ')}</li>`,
    )
    .join('\n');
  return `<nav class="contents" aria-label="Contents">
<h2>Contents</h2>
<ul>
${items}
</ul>
</nav>`;
}

/**
 * One self-contained page of several reports, e.g. every scene of a run with its caption's words,
 * its questions' answers and its classifier's classes: a header, tables of figures, contents that
 * link to each section, then each section as `renderReport` draws a page (its own image, panels,
 * maps, details and gallery; element ids prefixed `s<k>-`). The one script drives every section;
 * ← → move within the section last used. Same guarantees as `renderReport`: inline images,
 * no fetch (CSP), escaped text, works from `file://`.
 */
export async function renderReportBook(book: ReportBook, options: ReportOptions = {}): Promise<string> {
  if (!book || typeof book !== 'object' || !book.meta || typeof book.meta.title !== 'string')
    throw new Error('renderReportBook needs { meta: { title }, sections }');
  if (!Array.isArray(book.sections) || book.sections.length === 0)
    throw new Error('a report book needs at least one section');
  const bars = new Map<string, Promise<Uint8Array>>();
  const views = await Promise.all(
    book.sections.map((section, k) =>
      shrunkView(section, options, `s${k}-`, bars).catch((error: Error) => {
        throw new Error(`section ${k} ("${section?.meta?.title}"): ${error.message}`, { cause: error });
      }),
    ),
  );
  const grouped = groups(book, views);
  const body = grouped
    .map((g, n) => {
      const sections = g.members
        .map(
          (k) =>
            `<section class="report-section" id="s${k}" data-gradcam-section aria-label="${esc(book.sections[k].meta.title)}">
${reportBodyHtml(views[k], 3)}
</section>`,
        )
        .join('\n');
      return g.name
        ? `<section class="group" aria-labelledby="g${n}"><h2 id="g${n}">${esc(g.name)}</h2>\n${sections}\n</section>`
        : sections;
    })
    .join('\n');
  const page = [
    headerHtml(book),
    ...(book.tables ?? []).map(tableHtml),
    book.sections.length > 1 ? contentsHtml(book, grouped) : '',
    body,
  ]
    .filter(Boolean)
    .join('\n');
  return documentHtml(book.meta.title, page);
}
