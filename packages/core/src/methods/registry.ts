import { fail } from '../errors';
import { ablationcam } from './ablationcam';
import { eigencam } from './eigencam';
import { eigengradcam } from './eigengradcam';
import { gradcam } from './gradcam';
import { gradcampp } from './gradcampp';
import { hirescam } from './hirescam';
import { layercam } from './layercam';
import type { CamMethod } from './method';
import { scorecam } from './scorecam';
import { xgradcam } from './xgradcam';

const registry = new Map<string, CamMethod>(
  [gradcam, gradcampp, xgradcam, hirescam, layercam, eigencam, eigengradcam, scorecam, ablationcam].map(
    (m) => [m.name, m],
  ),
);

/** Adds a method (or replaces one of the same name). */
export function registerMethod(method: CamMethod): void {
  registry.set(method.name, method);
}

export function methodNames(): string[] {
  return [...registry.keys()];
}

export function getMethod(name: string): CamMethod {
  const method = registry.get(name.toLowerCase().replace(/[-_+ ]/g, (ch) => (ch === '+' ? 'p' : '')));
  if (!method) fail(`unknown CAM method '${name}'; available: ${methodNames().join(', ')}`);
  return method;
}
