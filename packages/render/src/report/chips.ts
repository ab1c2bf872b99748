import { escapeHtml as esc } from './escape';
import { formatNumber } from './format';
import type { QuestionWord } from './types';

/** Red for words that speak for the panel, blue against; the shade is the share of the largest. */
function chip(word: QuestionWord, scale: number): string {
  const share = scale > 0 && Number.isFinite(word.score) ? Math.min(1, Math.abs(word.score) / scale) : 0;
  const colour = word.score >= 0 ? '214, 39, 40' : '31, 119, 180';
  const sign = word.score >= 0 ? '+' : '';
  const title = `${sign}${formatNumber(word.score)}${word.note ? `; ${word.note}` : ''}`;
  return `<span class="chip" style="background: rgba(${colour}, ${share.toFixed(3)})" title="${esc(title)}" aria-label="${esc(`${word.word}: ${title}`)}">${esc(word.word)}</span>`;
}

/** The question with each word shaded by its importance, on one scale shared by all panels. */
export function chipsHtml(words: readonly QuestionWord[], scale: number): string {
  return `<div class="question-words"><h4>Question words</h4><p class="chips">${words.map((w) => chip(w, scale)).join(' ')}</p>
<p class="legend"><span class="chip for">for</span> <span class="chip against">against</span> this answer; stronger colour, more important (hover a word for its value)</p></div>`;
}
