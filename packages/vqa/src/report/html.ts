import type { AnswerExplanation, ExplainedAnswer } from '../explain/types';
import type { WordImportance } from '../explain/word-importance';
import { formatNumber, formatPercent } from './format';

/** Images of the page as data URLs (`data:image/png;base64,...`), so that it needs no other file. */
export interface ReportImages {
  /** The image the question is about. */
  image: string;
  /** One overlay per explained answer, in `result.answers` order. */
  overlays: string[];
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Red for words that speak for the answer, blue against, opacity by share of the largest. */
function wordChip(word: WordImportance, scale: number): string {
  const share = scale > 0 ? Math.min(1, Math.abs(word.score) / scale) : 0;
  const colour = word.score >= 0 ? '214, 39, 40' : '31, 119, 180';
  const title = `gradient x embedding ${formatNumber(word.score)}; gradient norm ${formatNumber(word.gradientNorm)}${word.known ? '' : '; unknown word, read as <unk>'}`;
  const cls = word.known ? 'word' : 'word unknown';
  return `<span class="${cls}" style="background: rgba(${colour}, ${share.toFixed(3)})" title="${escapeHtml(title)}">${escapeHtml(word.word)}</span>`;
}

function answerCard(answer: ExplainedAnswer, overlay: string): string {
  const scale = Math.max(0, ...answer.wordImportance.map((w) => Math.abs(w.score)));
  const rows = answer.wordImportance
    .map(
      (w) =>
        `<tr><td>${escapeHtml(w.word)}${w.known ? '' : ' <em>(unknown)</em>'}</td><td>${formatNumber(w.score)}</td><td>${formatNumber(w.gradientNorm)}</td></tr>`,
    )
    .join('');
  return `<section class="answer">
<h2>#${answer.rank} ${escapeHtml(answer.answer)}</h2>
<p class="numbers">score ${formatNumber(answer.score)} &middot; p ${formatPercent(answer.probability)}</p>
<img src="${overlay}" alt="map for the answer ${escapeHtml(answer.answer)}">
<p class="question">${answer.wordImportance.map((w) => wordChip(w, scale)).join(' ')}</p>
<table><thead><tr><th>word</th><th>gradient x embedding</th><th>gradient norm</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

/**
 * A self-contained HTML page of a VQA explanation: the image, one card per answer with its map
 * over the image and the question's words shaded by importance. Images are inline, styles are in
 * the page and there is no script, so the file works when opened from disk (file://).
 */
export function explanationHtml(result: AnswerExplanation, images: ReportImages): string {
  if (images.overlays.length !== result.answers.length) {
    throw new Error(`${result.answers.length} answers but ${images.overlays.length} overlays`);
  }
  const kind = result.counterfactual ? 'Counterfactual ' : '';
  const unknown =
    result.unknownWords.length > 0
      ? `<p class="warning">Unknown words, read as &lt;unk&gt;: ${result.unknownWords.map(escapeHtml).join(', ')}</p>`
      : '';
  const cards = result.answers.map((a, i) => answerCard(a, images.overlays[i])).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(result.question)} - gradcam vqa</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
.answers { display: flex; flex-wrap: wrap; gap: 1.5em; }
.answer { border: 1px solid #ddd; border-radius: 6px; padding: 1em; }
img { width: 256px; image-rendering: pixelated; display: block; }
.word { padding: 0.1em 0.3em; border-radius: 3px; }
.unknown { text-decoration: underline dashed; }
table { border-collapse: collapse; margin-top: 0.5em; font-size: 13px; }
td, th { padding: 0.15em 0.6em; text-align: left; border-bottom: 1px solid #eee; }
.warning { color: #a40; }
.numbers, .note { color: #555; }
</style>
</head>
<body>
<h1>${escapeHtml(result.question)}</h1>
<p>The model answers <strong>${escapeHtml(result.predicted.answer)}</strong> (p ${formatPercent(result.predicted.probability)}).</p>
${unknown}
<img src="${images.image}" alt="the image">
<p class="note">${kind}${escapeHtml(result.method)} at layer ${escapeHtml(result.layer)}. Words: gradient x embedding
(red for the answer, blue against); the table also gives the gradient's norm.</p>
<div class="answers">
${cards}
</div>
</body>
</html>
`;
}
