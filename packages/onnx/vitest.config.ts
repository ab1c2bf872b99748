import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // One copy of TF.js: its packages' ESM builds through vite, so that tfjs-core's deep imports
    // (gradients, chained ops) and tfjs-layers share the module that set up tensors.
    server: { deps: { inline: [/@tensorflow\//] } },
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
