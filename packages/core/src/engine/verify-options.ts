import { fail } from '../errors';
import type { CamMethod } from '../methods/method';
import type { ExplainOptions, VerifyOptions } from '../types';

/** `verify` with every default filled in. */
export type ResolvedVerifyOptions = Required<VerifyOptions>;

/**
 * The default threshold sits well above the float32 noise of the finite differences on the
 * repository's models (docs/verify.md gives the measured floor) and well below the errors of the
 * broken kernels the check exists to catch (20% to 90% of a channel weight).
 */
export const DEFAULT_VERIFY: ResolvedVerifyOptions = {
  directions: 3,
  topChannels: 3,
  threshold: 0.05,
  seed: 1,
  step: 0.01,
  onFail: 'throw',
};

export function resolveVerifyOptions(
  verify: boolean | VerifyOptions | undefined,
): ResolvedVerifyOptions | undefined {
  if (verify === undefined || verify === false) return undefined;
  if (verify === true) return { ...DEFAULT_VERIFY };
  if (typeof verify !== 'object' || verify === null) {
    fail(
      `verify must be true, false or an object such as { directions: 3, threshold: 0.05 }, got ${String(verify)}`,
    );
  }
  const o = { ...DEFAULT_VERIFY, ...withoutUndefined(verify) };
  for (const name of ['directions', 'topChannels'] as const) {
    if (!(Number.isInteger(o[name]) && o[name] >= 0))
      fail(`verify.${name} must be a non-negative integer, got ${o[name]}`);
  }
  if (o.directions + o.topChannels === 0)
    fail('verify needs at least one direction: set verify.directions or verify.topChannels above 0');
  if (!(o.threshold > 0 && o.threshold < 1))
    fail(`verify.threshold must be a relative error in (0, 1), got ${o.threshold}`);
  if (!(o.step > 0 && o.step <= 0.5))
    fail(`verify.step must be in (0, 0.5] (a fraction of the activations' RMS), got ${o.step}`);
  if (!Number.isInteger(o.seed)) fail(`verify.seed must be an integer, got ${o.seed}`);
  if (o.onFail !== 'throw' && o.onFail !== 'report')
    fail(`verify.onFail must be 'throw' or 'report', got '${o.onFail}'`);
  return o;
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Only gradient methods draw maps from the head's gradient; for the others there is nothing to check. */
export function assertVerifiable(options: ExplainOptions, method: CamMethod): void {
  if (!resolveVerifyOptions(options.verify)) return;
  if (method.kind !== 'gradient') {
    fail(
      `verify checks the gradient a map is made from, and '${method.name}' uses none: drop verify or choose a gradient method such as gradcam`,
    );
  }
}
