import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, lines, runCli } from './helpers/run-cli';

const packageVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

beforeAll(assertBuilt);

describe('gradcam (built bin)', () => {
  it('--help lists the commands and the global options, exit 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: gradcam /);
    expect(run.stdout).toMatch(/^\s+demo \[options\]/m);
    for (const option of ['--backend', '--verbose', '--quiet', '--version'])
      expect(run.stdout).toContain(option);
    expect(run.stderr).toBe('');
  });

  it('demo --help shows its options and the global ones', () => {
    const run = runCli(['demo', '--help']);
    expect(run.status).toBe(0);
    for (const option of ['--out', '--method', '--scenes', '--seed', '--backend']) {
      expect(run.stdout).toContain(option);
    }
  });

  it('--version prints the version from package.json', () => {
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(packageVersion);
  });

  it.each([
    [['--bogus'], /^gradcam: unknown option '--bogus' \(run 'gradcam --help' for usage\)$/],
    [
      ['demo', '--ot', 'x'],
      /^gradcam: unknown option '--ot' \(Did you mean --out\?\) \(run 'gradcam demo --help'/,
    ],
    [['dmeo'], /^gradcam: unknown command 'dmeo' \(Did you mean demo\?\)/],
    [
      ['demo', '--method', 'nope'],
      /^gradcam: option '-m, --method <name>' argument 'nope' is invalid\. Unknown CAM method 'nope'; available: gradcam, /,
    ],
    [['demo', '--scenes', 'two'], /argument 'two' is invalid\. Expected an integer/],
    [
      ['demo', '--scenes', '0'],
      /^gradcam: option '--scenes <n>' argument '0' is invalid\. Expected an integer from 1 to 1000/,
    ],
    [
      ['demo', '--backend', 'gpu'],
      /argument 'gpu' is invalid\. Allowed choices are auto, wasm, cpu, tensorflow/,
    ],
  ])('%j fails with one line on stderr, exit 1, no stack', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('a failure inside a command is one line, and --verbose adds the stack', () => {
    // A regular file where the output folder should be.
    const args = ['demo', '--out', '/dev/null/demo', '--scenes', '1', '--backend', 'cpu'];
    const quiet = runCli(args);
    expect(quiet.status).toBe(1);
    expect(lines(quiet.stderr)).toEqual([
      expect.stringMatching(/^gradcam: cannot create the output folder \/dev\/null\/demo: /),
    ]);
    const verbose = runCli([...args, '--verbose']);
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(/^gradcam: cannot create the output folder/);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});
