import type { Panel } from '../explain/panel';
import type { GroundTruthMetrics } from '../ground-truth';
import { el } from './dom';
import { formatNumber, panelNumbers } from './format';

/** Question words shaded red (for the answer) or blue (against), on the scale of the strongest. */
function chips(words: NonNullable<Panel['questionWords']>): HTMLElement {
  const scale = Math.max(1e-12, ...words.map((w) => Math.abs(w.score)));
  const spans = words.map((w) => {
    const share = Math.min(1, Math.abs(w.score) / scale).toFixed(3);
    const colour = w.score >= 0 ? '214, 39, 40' : '31, 119, 180';
    const chip = el(
      'span',
      { class: 'chip', title: `${w.score >= 0 ? '+' : ''}${formatNumber(w.score)}` },
      w.word,
    );
    chip.style.background = `rgba(${colour}, ${share})`;
    return chip;
  });
  return el(
    'p',
    { class: 'chips' },
    'question words (red for this answer, blue against): ',
    ...spans.flatMap((s) => [s, ' ']),
  );
}

function metricsTable(metrics: GroundTruthMetrics): HTMLElement {
  return el(
    'table',
    { class: 'metrics' },
    el('caption', {}, 'against the scene’s ground truth'),
    el(
      'tr',
      {},
      el('th', {}, 'pointing game (maximum inside the object)'),
      el('td', {}, metrics.pointingHit ? 'hit' : 'miss'),
    ),
    el('tr', {}, el('th', {}, '15%-box IoU'), el('td', {}, formatNumber(metrics.boxIoU))),
  );
}

/** What belongs to the selected panel beyond its map. */
export function renderDetails(
  container: HTMLElement,
  panel: Panel,
  metrics?: GroundTruthMetrics,
  trueAnswer?: string,
): void {
  const numbers = panelNumbers(panel);
  container.replaceChildren(
    el('h3', {}, panel.label),
    ...(numbers ? [el('p', { class: 'numbers' }, numbers)] : []),
    ...(panel.notes ?? []).map((n) => el('p', { class: 'muted' }, n)),
    ...(trueAnswer === undefined
      ? []
      : [
          el(
            'p',
            { class: 'truth' },
            `the scene’s answer: ${trueAnswer}${trueAnswer === panel.label ? ' (this one)' : ''}`,
          ),
        ]),
    ...(panel.questionWords?.length ? [chips(panel.questionWords)] : []),
    ...(metrics ? [metricsTable(metrics)] : []),
  );
}
