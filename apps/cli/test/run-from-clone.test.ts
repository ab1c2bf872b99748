import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version';
import { assertBuilt, BIN, freshDir } from './helpers/run-cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SCRIPTS = join(ROOT, 'scripts');

function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, args, {
    cwd: freshDir(),
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
}

describe('running gradcam from the clone', () => {
  beforeAll(assertBuilt);

  it('`pnpm gradcam` is a root script that runs the CLI, silent about an up-to-date build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.gradcam).toBe('node scripts/gradcam.mjs');
    const run = node([join(SCRIPTS, 'gradcam.mjs'), '--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${VERSION}\n`);
    expect(run.stderr).toBe('');
  });

  it('runs in the folder pnpm was started from (INIT_CWD), so relative paths are the user’s', () => {
    const start = freshDir();
    mkdirSync(join(start, 'mine'));
    writeFileSync(join(start, 'mine', 'model.json'), '{}');
    const run = node([join(SCRIPTS, 'gradcam.mjs'), 'layers', '--model', 'mine/model.json'], {
      INIT_CWD: start,
    });
    expect(run.status).not.toBe(0);
    // Found (then refused as not a model), where the script's own folder has no mine/model.json.
    expect(run.stderr).toMatch(/^gradcam: /);
    expect(run.stderr).not.toContain('not found');
  });

  it('the built bin is an executable with a shebang, as `bin` in apps/cli/package.json names it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'apps/cli/package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ gradcam: './dist/index.js' });
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const run = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
    expect(run.stdout).toBe(`${VERSION}\n`);
  });
});

/** A stand-in for turbo printing the NDJSON events turbo 2 prints with --json. */
function fakeTurbo(events: { source: string; text: string }[], exitCode = 0): string {
  const path = join(freshDir(), 'turbo.mjs');
  const lines = events.map((e) => JSON.stringify({ ...e, level: 'stdout', timestamp: 0 }));
  writeFileSync(path, `console.log(${JSON.stringify(lines.join('\n'))}); process.exit(${exitCode});\n`);
  return path;
}

function buildWith(turbo: string) {
  const script = `import(${JSON.stringify(join(SCRIPTS, 'build-with-progress.mjs'))}).then((m) =>
    m.buildWithProgress('@gradcam/cli...', { command: [process.execPath, ${JSON.stringify(turbo)}] }))
    .then((n) => console.log('built', n), () => process.exit(3));`;
  return node(['--input-type=module', '-e', script]);
}

describe('build progress', () => {
  it('prints a line as each package starts building, and the total time', () => {
    const run = buildWith(
      fakeTurbo([
        { source: 'turbo', text: '   • Running build in 10 packages' },
        { source: '@gradcam/core#build', text: 'cache miss, executing 47b401041df685ff' },
        { source: '@gradcam/core#build', text: 'ESM ⚡️ Build success in 3428ms' },
        { source: '@gradcam/render#build', text: 'cache hit, replaying logs c717044712bb85e2' },
        { source: '@gradcam/cli#build', text: 'cache miss, executing 0123456789abcdef' },
      ]),
    );
    expect(run.stdout).toBe('built 2\n');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^building @gradcam\/cli\.\.\. and what it depends on/);
    expect(lines[1]).toMatch(/^ {2}\[ *\d+\.\ds\] building @gradcam\/core$/);
    expect(lines[2]).toMatch(/building @gradcam\/cli$/);
    expect(lines[3]).toMatch(/^built 2 package\(s\) in \d+\.\ds$/);
    expect(lines).toHaveLength(4);
  });

  it('prints nothing when every package is cached', () => {
    const run = buildWith(
      fakeTurbo([{ source: '@gradcam/core#build', text: 'cache hit, replaying logs 47b4' }]),
    );
    expect(run.stdout).toBe('built 0\n');
    expect(run.stderr).toBe('');
  });

  it("prints turbo's whole log when the build fails", () => {
    const run = buildWith(
      fakeTurbo([{ source: '@gradcam/core#build', text: 'src/index.ts(3,1): error TS1005: ; expected' }], 2),
    );
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('@gradcam/core#build: src/index.ts(3,1): error TS1005');
    expect(run.stderr).toContain('build failed (turbo exit code 2)');
  });
});
