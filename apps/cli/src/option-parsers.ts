import { getMethod } from '@gradcam/core';
import { InvalidArgumentError } from 'commander';

/** A commander argument parser for an integer in [min, max]. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
      throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
    }
    if (n < min || n > max) throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
    return n;
  };
}

/**
 * A CAM method name from the core registry, in its canonical spelling (`Grad-CAM++` becomes
 * `gradcampp`), checked while parsing so that a typo fails before any work starts.
 */
export function camMethod(value: string): string {
  try {
    return getMethod(value).name;
  } catch (error) {
    const message = (error as Error).message;
    throw new InvalidArgumentError(`${message[0].toUpperCase()}${message.slice(1)}.`);
  }
}

/**
 * A repeatable option that also takes comma lists (`--layer a,b --layer c`), collected in order.
 * Commander passes the previous value; there is no default, so a given value never adds to one.
 */
export function listOf<T extends string>(
  allowed?: readonly T[],
): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (items.length === 0) throw new InvalidArgumentError('Expected a name or a comma-separated list.');
    const bad = allowed ? items.filter((s) => !allowed.includes(s as T)) : [];
    if (bad.length > 0) {
      throw new InvalidArgumentError(`Unknown '${bad.join("', '")}'; allowed: ${allowed?.join(', ')}.`);
    }
    return [...(previous ?? []), ...(items as T[])];
  };
}

/**
 * `--compare gradcampp,scorecam`: CAM methods, repeatable or comma lists, each checked and
 * canonicalised like --method, without repeats.
 */
export function methodList(value: string, previous: string[] | undefined): string[] {
  const methods = listOf()(value, undefined).map(camMethod);
  return [...new Set([...(previous ?? []), ...methods])];
}
