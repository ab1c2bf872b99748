import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built bin: end-to-end tests run exactly what users run. */
export const BIN = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: build the CLI first (cd apps/cli && npx tsup)`);
  }
}

/** Runs `gradcam <args>` in a fresh temporary folder, with stdout and stderr as pipes (not TTYs). */
export function runCli(args: string[], cwd = freshDir()): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'gradcam-cli-'));
}

/** stderr split into non-empty lines. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
