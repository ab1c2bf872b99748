import { defineConfig } from 'vitest/config';

// One vitest run over every package, so that CI prints one closing summary.
// The `source` condition resolves workspace packages to their TypeScript sources.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // One copy of TF.js: its packages' ESM builds through vite, so that tfjs-core's deep imports
    // (gradients, chained ops) and tfjs-layers share the module that set up tensors.
    server: { deps: { inline: [/@tensorflow\//] } },
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './scripts/plain-summary-reporter.ts'],
  },
});
