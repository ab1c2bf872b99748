import { chipsHtml } from './chips';
import { escapeHtml as esc } from './escape';
import { formatValue } from './format';
import { panelNumbers } from './numbers';
import type { PanelView, ReportView } from './view';

function metricsTable(metrics: Record<string, number | string | boolean>): string {
  const rows = Object.entries(metrics)
    .map(([name, value]) => `<tr><th scope="row">${esc(name)}</th><td>${esc(formatValue(value))}</td></tr>`)
    .join('');
  return `<table class="metrics"><caption>against ground truth</caption><tbody>${rows}</tbody></table>`;
}

function guidedFigures(p: PanelView, pixelated: string): string {
  const figure = (uri: string | undefined, name: string) =>
    uri
      ? `<figure><img class="guided${pixelated}" src="${uri}" alt="${esc(name)} of ${esc(p.panel.label)}"><figcaption>${esc(name)}</figcaption></figure>`
      : '';
  const figures = figure(p.guided, 'guided backpropagation') + figure(p.guidedGradCam, 'Guided Grad-CAM');
  return figures ? `<div class="guided-figures">${figures}</div>` : '';
}

/** What belongs to one panel beyond its map: numbers, notes, question words, metrics, guided images. */
function detail(view: ReportView, p: PanelView): string {
  const { panel } = p;
  const numbers = panelNumbers(panel, view.scoreName);
  const notes = (panel.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('');
  const parts = [
    `<h3>${esc(panel.label)}</h3>`,
    numbers ? `<p class="numbers">${esc(numbers)}</p>` : '',
    notes ? `<ul class="panel-notes">${notes}</ul>` : '',
    panel.questionWords?.length ? chipsHtml(panel.questionWords, view.questionScale) : '',
    panel.metrics && Object.keys(panel.metrics).length > 0 ? metricsTable(panel.metrics) : '',
    guidedFigures(p, view.smallImage ? ' pixelated' : ''),
  ];
  return `<section class="detail" id="${view.id(`detail-${p.index}`)}" data-panel="${p.index}" aria-labelledby="${view.id(`panel-${p.index}`)}"${p.index === 0 ? '' : ' hidden'}>
${parts.filter(Boolean).join('\n')}
</section>`;
}

export function panelDetailsHtml(view: ReportView): string {
  return `<div class="details">${view.panels.map((p) => detail(view, p)).join('\n')}</div>`;
}
