#!/usr/bin/env node
// Builds workspace packages with turbo, printing one line as each package starts building
// (turbo itself stays silent until a task ends, for minutes on a cold clone) and nothing when
// everything is up to date. turbo's own output is kept and printed only if the build fails.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function seconds(ms) {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

/** Resolves with the number of packages built; when the build fails, prints turbo's log to stderr and rejects. */
export function buildWithProgress(filter, options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  // A test may stand in for turbo with a script printing the same events.
  const [turbo, ...prefix] = options.command ?? [join(ROOT, 'node_modules', '.bin', 'turbo')];
  const started = Date.now();
  const args = [...prefix, 'run', 'build', `--filter=${filter}`, '--json', '--output-logs=new-only'];
  const child = spawn(turbo, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const transcript = [];
  let built = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      transcript.push(line);
      return;
    }
    transcript.push(event.source === 'turbo' ? event.text : `${event.source}: ${event.text}`);
    const task = event.source.replace(/#build$/, '');
    if (/cache (miss|bypass)/.test(event.text)) {
      if (built === 0)
        log(`building ${filter} and what it depends on (a cold build takes 1-5 minutes on two cores):`);
      built++;
      log(`  [${seconds(Date.now() - started).padStart(6)}] building ${task}`);
    }
  });
  createInterface({ input: child.stderr }).on('line', (line) => transcript.push(line));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) {
        process.stderr.write(`${transcript.join('\n')}\nbuild failed (turbo exit code ${code})\n`);
        reject(new Error(`turbo exited with ${code}`));
        return;
      }
      if (built > 0) log(`built ${built} package(s) in ${seconds(Date.now() - started)}`);
      resolve(built);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWithProgress(process.argv[2] ?? '...').catch(() => process.exit(1));
}
