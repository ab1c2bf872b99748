import type { ModelSummary } from './summarise';
import type { EvalModel } from './types';

/** The targets for Grad-CAM's pointing game on the shipped models. */
export const POINTING_TARGETS: Record<EvalModel, number> = { classifier: 0.95, captioner: 0.9, vqa: 0.85 };
/** ... and its margin over the centre prior, in every row. */
export const CENTRE_MARGIN = 0.3;

export interface TargetCheck {
  model: string;
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * Grad-CAM's strict pointing game (maximum inside the mask) against the target and against the
 * centre prior, and the same with the 4-pixel tolerance for reference; met or missed, as measured.
 * `target` defaults to the for a reference model; other models get checks only with one.
 */
export function checkTargets(
  model: string,
  summary: ModelSummary,
  target: number | undefined = POINTING_TARGETS[model as EvalModel],
): TargetCheck[] {
  const gradcam = summary.rows.gradcam;
  const centre = summary.rows.centre;
  if (target === undefined || !gradcam?.pointing || !centre?.pointing) return [];
  const strict = gradcam.pointing.mean;
  const checks: TargetCheck[] = [
    {
      model,
      what: 'Grad-CAM pointing game (strict: maximum inside the mask)',
      target: `>= ${percent(target)}`,
      measured: percent(strict),
      met: strict >= target,
    },
    {
      model,
      what: 'Grad-CAM pointing minus centre baseline (strict)',
      target: `>= ${100 * CENTRE_MARGIN} points`,
      measured: `${(100 * (strict - centre.pointing.mean)).toFixed(1)} points (centre ${percent(centre.pointing.mean)})`,
      met: strict - centre.pointing.mean >= CENTRE_MARGIN,
    },
  ];
  if (gradcam.pointingTolerant && centre.pointingTolerant) {
    const tolerant = gradcam.pointingTolerant.mean;
    checks.push({
      model,
      what: "Grad-CAM pointing game within 4 px (Zhang et al.'s tolerance, scaled)",
      target: `>= ${percent(target)}`,
      measured: `${percent(tolerant)} (centre ${percent(centre.pointingTolerant.mean)})`,
      met: tolerant >= target && tolerant - centre.pointingTolerant.mean >= CENTRE_MARGIN,
    });
  }
  return checks;
}
