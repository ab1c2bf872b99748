import { fail } from '../errors';
import type { ExplainOptions, TargetMap, VerificationSummary } from '../types';
import type { LayerVerification } from './verify';
import { type ResolvedVerifyOptions, resolveVerifyOptions } from './verify-options';

/**
 * Writes each map's figures (the worst over the explained layers), and returns the summary.
 * Rejects, naming the layer, target and backend, unless the caller asked for a report only.
 */
export function applyVerification(
  maps: TargetMap[],
  layers: LayerVerification[],
  options: ExplainOptions,
  backend: string,
): VerificationSummary {
  const verify = resolveVerifyOptions(options.verify) as ResolvedVerifyOptions;
  let worst = { layer: layers[0].layer, row: 0, error: -1 };
  maps.forEach((map, r) => {
    let error = 0;
    let checks = 0;
    for (const l of layers) {
      error = Math.max(error, l.rowErrors[r]);
      checks += l.rowChecks[r];
      if (l.rowErrors[r] > worst.error) worst = { layer: l.layer, row: r, error: l.rowErrors[r] };
    }
    map.verification = { maxRelError: error, checks, passed: error <= verify.threshold };
  });
  const summary: VerificationSummary = {
    backend,
    layer: worst.layer,
    threshold: verify.threshold,
    maxRelError: worst.error,
    passed: worst.error <= verify.threshold,
    checks: layers.reduce((n, l) => n + l.rowChecks.reduce((s, k) => s + k, 0), 0),
    headEvaluations: layers.reduce((n, l) => n + l.headEvaluations, 0),
    timeMs: layers.reduce((t, l) => t + l.timeMs, 0),
    layers: layers.map((l) => {
      const error = Math.max(...l.rowErrors);
      return { layer: l.layer, maxRelError: error, passed: error <= verify.threshold };
    }),
  };
  if (!summary.passed && verify.onFail === 'throw') {
    const map = maps[worst.row];
    fail(
      `gradient check failed at layer '${worst.layer}' for target '${map.label}' (sample ${map.sample}) on backend '${backend}': ` +
        `the head's gradient differs from finite differences by ${percent(worst.error)} (threshold ${percent(verify.threshold)}), ` +
        'so the gradient the map is made of is wrong (a TF.js kernel between this layer and the output on this backend, or a head that is not differentiable). ' +
        `Run \`gradcam check --model <model> --layer ${worst.layer}\` to see which layers are affected, try another backend, ` +
        "or pass verify: { onFail: 'report' } to get the figures without failing",
    );
  }
  return summary;
}

function percent(x: number): string {
  return `${(x * 100).toPrecision(3)}%`;
}
