import { defineConfig } from 'tsup';

// The CLI is an executable, not a library: one ESM file that Node runs directly through the bin,
// so no CommonJS twin and no declarations.
export default defineConfig({
  entry: { index: 'src/index.ts', 'pool-worker': 'src/batch/pool-worker.ts' },
  format: ['esm'],
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
