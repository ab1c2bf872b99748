import { describe, expect, it } from 'vitest';
import { ciIsSet, type RequiredResource, skipNote, skipWithout } from './helpers/required-resource';

const missing: RequiredResource = {
  name: 'the widget fixtures (/nowhere/widgets)',
  present: false,
  howToGet: 'Run `make widgets`.',
};
const present: RequiredResource = { ...missing, present: true };

describe('a resource a test needs', () => {
  it('missing under CI: throws, naming the resource and how to get it', () => {
    for (const CI of ['1', 'true', 'yes']) {
      expect(() => skipWithout(missing, { CI })).toThrow(
        'the widget fixtures (/nowhere/widgets) is missing, and CI is set: the tests that need it must run in CI, not skip. Run `make widgets`.',
      );
    }
  });

  it('missing without CI: skips, and the test name says why', () => {
    for (const CI of [undefined, '', '0', 'false']) {
      expect(ciIsSet({ CI })).toBe(false);
      expect(skipWithout(missing, { CI })).toBe(true);
    }
    expect(skipNote(missing)).toBe(
      ' (skipped: the widget fixtures (/nowhere/widgets) is missing; Run `make widgets`.)',
    );
  });

  it('present: runs, with or without CI', () => {
    expect(skipWithout(present, { CI: '1' })).toBe(false);
    expect(skipWithout(present, {})).toBe(false);
    expect(skipNote(present)).toBe('');
  });
});
