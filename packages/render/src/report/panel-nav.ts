import { escapeHtml as esc } from './escape';
import { KIND_TEXT } from './kinds';
import { panelNumbers } from './numbers';
import type { PanelView, ReportView } from './view';

/**
 * One button per panel. Words read as the caption they come from; answers and classes as a
 * ranked list with their numbers. Every button is in the tab order (Tab moves between them),
 * `aria-pressed` marks the selected one and `aria-controls` names the map it changes.
 */
function button(view: ReportView, p: PanelView): string {
  const numbers = panelNumbers(p.panel, view.scoreName);
  const content =
    view.kind === 'words'
      ? esc(p.panel.label)
      : `<span class="label">${esc(p.panel.label)}</span>${numbers ? `<span class="numbers">${esc(numbers)}</span>` : ''}`;
  return `<button type="button" class="panel-button" id="${view.id(`panel-${p.index}`)}" data-panel="${p.index}" aria-pressed="${p.index === 0}" aria-controls="${view.id('overlay')}"${numbers ? ` title="${esc(numbers)}"` : ''}>${content}</button>`;
}

export function panelNavHtml(view: ReportView): string {
  const text = KIND_TEXT[view.kind];
  const buttons = view.panels.map((p) => button(view, p)).join('\n');
  return `<h2>${esc(text.heading)}</h2>
<p class="hint">${esc(text.hint)}</p>
<nav class="panels ${view.kind}" id="${view.id('panels')}" aria-label="${esc(text.heading)}">
${buttons}
</nav>
<p class="status" id="${view.id('status')}" role="status" aria-live="polite"></p>`;
}
