import type { AnswerExplanation } from '../explain/types';
import { formatNumber, formatPercent } from './format';

/**
 * The terminal report of an explanation: the question as read, each explained answer with its
 * score, probability and rank, and its question words by importance (the signed headline score).
 */
export function explanationLines(result: AnswerExplanation): string[] {
  const lines = [`question: ${result.tokens.join(' ')}`];
  if (result.unknownWords.length > 0) {
    lines.push(`unknown words (read as <unk>): ${result.unknownWords.join(', ')}`);
  }
  lines.push(
    `predicted: ${result.predicted.answer} (score ${formatNumber(result.predicted.score)}, p ${formatPercent(result.predicted.probability)})`,
  );
  const kind = result.counterfactual ? 'counterfactual ' : '';
  lines.push(`${kind}${result.method} at layer ${result.layer}:`);
  for (const a of result.answers) {
    lines.push(`  #${a.rank} ${a.answer}  score ${formatNumber(a.score)}  p ${formatPercent(a.probability)}`);
    const words = a.wordImportance.map((w) => `${w.word} ${w.score >= 0 ? '+' : ''}${formatNumber(w.score)}`);
    lines.push(`     words (gradient x embedding): ${words.join(', ')}`);
  }
  return lines;
}
