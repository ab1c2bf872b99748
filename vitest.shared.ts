import { defineConfig } from 'vitest/config';

/**
 * What every test run needs: workspace packages resolved to their TypeScript sources (the
 * `source` export condition), and one copy of TF.js: its packages' ESM builds go through vite, so
 * that tfjs-core's deep imports (gradients, chained ops) and tfjs-layers share one module graph.
 */
export function testConfig(include: string[], extra: { reporters?: string[] } = {}) {
  return defineConfig({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    test: {
      server: { deps: { inline: [/@tensorflow\//] } },
      include,
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: 'forks',
      ...extra,
    },
  });
}
