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
