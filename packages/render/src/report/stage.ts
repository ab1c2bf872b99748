import { escapeHtml as esc } from './escape';
import type { ReportView } from './view';

function methodButtons(view: ReportView): string {
  if (view.methods.length < 2) return '';
  const buttons = view.methods
    .map(
      (m, i) => `<button type="button" data-method="${esc(m)}" aria-pressed="${i === 0}">${esc(m)}</button>`,
    )
    .join('');
  return `<div class="methods" id="${view.id('methods')}" role="group" aria-label="Method shown">method: ${buttons}</div>`;
}

function colorBar(view: ReportView): string {
  const name = esc(view.colormap);
  return `<figure class="colorbar" id="${view.id('colorbar')}">
<div class="bar"><span class="end">0</span><img src="${view.colorBarUri}" alt="colour bar of the ${name} colormap, from 0 (left, not important) to 1 (right, most important)"><span class="end">1</span></div>
<figcaption>map value (${name}; each map scaled to 0..1)</figcaption>
</figure>`;
}

/**
 * The image, the selected panel's map over it and, when there are any, its counterfactual map
 * beside it, with the colour bar that reads them. The script swaps the sources; the first panel
 * is in the HTML itself, so the page shows a map even before (or without) the script.
 */
export function stageHtml(view: ReportView): string {
  const first = view.panels[0];
  const method = first.firstMethod;
  const small = view.smallImage ? ' pixelated' : '';
  const counterfactual = first.counterfactual[method];
  const counterfactualFigure = view.hasCounterfactual
    ? `<figure id="${view.id('counterfactual-figure')}"${counterfactual ? '' : ' hidden'}>
<img id="${view.id('counterfactual')}" class="view${small}" data-panel="0"${counterfactual ? ` src="${counterfactual}"` : ''} alt="counterfactual map of ${esc(first.panel.label)}">
<figcaption id="${view.id('counterfactual-caption')}">counterfactual: what speaks against <b>${esc(first.panel.label)}</b></figcaption>
</figure>`
    : '';
  return `<section class="stage" aria-label="Image and map">
<div class="figures">
<figure><img id="${view.id('image')}" class="view${small}" src="${view.imageUri}" alt="the input image"><figcaption>input image</figcaption></figure>
<figure><img id="${view.id('overlay')}" class="view${small}" data-panel="0" data-method="${esc(method)}" src="${first.maps[method]}" alt="${esc(method)} map of ${esc(first.panel.label)} over the image">
<figcaption id="${view.id('overlay-caption')}"><b>${esc(first.panel.label)}</b> · ${esc(method)}</figcaption></figure>
${counterfactualFigure}
</div>
${colorBar(view)}
${methodButtons(view)}
</section>`;
}
