#!/usr/bin/env node
// `pnpm gradcam ...` from the clone: builds the CLI if anything changed (silently when up to
// date), then runs it in the folder pnpm was started from, so relative paths mean what they say.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildWithProgress, ROOT } from './build-with-progress.mjs';

await buildWithProgress('@gradcam/cli...').catch(() => process.exit(1));
const bin = join(ROOT, 'apps', 'cli', 'dist', 'index.js');
// biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm sets it for scripts; not an input of any turbo task
const cwd = process.env.INIT_CWD ?? process.cwd();
const run = spawnSync(process.execPath, [bin, ...process.argv.slice(2)], { cwd, stdio: 'inherit' });
process.exit(run.status ?? 1);
