import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatFailure, formatUsageError } from '../src/errors';
import { camMethod, integerIn } from '../src/option-parsers';
import { startProgress } from '../src/progress';
import { formatTable } from '../src/table';

describe('error formatting', () => {
  it('folds commander messages into one line with a help hint', () => {
    expect(formatUsageError("error: unknown option '--ot'\n(Did you mean --out?)\n", 'gradcam demo')).toBe(
      "gradcam: unknown option '--ot' (Did you mean --out?) (run 'gradcam demo --help' for usage)",
    );
  });

  it('shows the stack only when verbose', () => {
    const error = new Error('it broke\nbadly');
    expect(formatFailure(error, false)).toBe('gradcam: it broke badly');
    expect(formatFailure(error, true)).toMatch(/^gradcam: it broke badly\nError: it broke/);
    expect(formatFailure('plain', true)).toBe('gradcam: plain');
  });
});

describe('option parsers', () => {
  it('accept integers in range only', () => {
    const size = integerIn(32, 1024);
    expect(size('128')).toBe(128);
    for (const bad of ['31', '1025', '12.5', 'abc', '', '1e3'])
      expect(() => size(bad)).toThrow(/Expected an integer from 32 to 1024/);
  });

  it('spell CAM methods canonically and reject unknown ones', () => {
    expect(camMethod('Grad-CAM++')).toBe('gradcampp');
    expect(() => camMethod('nope')).toThrow(/Unknown CAM method 'nope'/);
  });
});

describe('startProgress', () => {
  const fakeStream = (isTTY: boolean) => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean };
    stream.isTTY = isTTY;
    let written = '';
    (stream as unknown as PassThrough).on('data', (chunk) => {
      written += chunk;
    });
    return { stream, written: () => written };
  };

  it('draws nothing when the stream is not a terminal, or with --quiet', () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ]) {
      const { stream, written } = fakeStream(isTTY);
      const progress = startProgress(3, { title: 'working', quiet, stream });
      progress.tick('a');
      progress.stop();
      expect(written()).toBe('');
    }
  });

  it('draws a bar on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const progress = startProgress(2, { title: 'working', stream });
    progress.tick('first');
    progress.stop();
    progress.stop();
    expect(written()).toContain('working');
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell', () => {
    expect(formatTable(['a', 'bb'], [['long', 'x']])).toEqual(['a     bb', 'long  x']);
  });
});
