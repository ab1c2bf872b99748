import type { Explained } from '../explain/panel';
import { el } from './dom';
import { panelNumbers } from './format';

/**
 * One button per panel: the caption's words inline (the whole caption last), answers and classes
 * as a ranked list. Click, Enter or Space selects; ← → ↑ ↓ Home End move the selection.
 * Returns a function that marks the selected button.
 */
export function renderPanels(
  container: HTMLElement,
  explained: Explained,
  onSelect: (index: number) => void,
): (index: number) => void {
  container.replaceChildren();
  const buttons = explained.panels.map((panel, i) => {
    const numbers = panelNumbers(panel);
    const whole = explained.kind === 'words' && i === explained.panels.length - 1;
    const button =
      explained.kind === 'words'
        ? el('button', { type: 'button', class: whole ? 'whole' : 'word' }, panel.label)
        : el(
            'button',
            { type: 'button' },
            el('span', { class: 'label' }, panel.label),
            el('span', { class: 'numbers' }, numbers),
          );
    button.dataset.panel = String(i);
    button.setAttribute('aria-pressed', 'false');
    if (numbers) button.title = numbers;
    button.addEventListener('click', () => onSelect(i));
    return button;
  });
  container.append(...buttons);
  container.onkeydown = (event) => {
    const current = buttons.findIndex((b) => b.getAttribute('aria-pressed') === 'true');
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowDown: current + 1,
      ArrowLeft: current - 1,
      ArrowUp: current - 1,
      Home: 0,
      End: buttons.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(buttons.length - 1, moves[event.key]));
    buttons[next].focus();
    onSelect(next);
  };
  return (index) => {
    for (const [i, b] of buttons.entries()) b.setAttribute('aria-pressed', String(i === index));
  };
}
