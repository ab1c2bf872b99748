import { defaultClientConditions, defineConfig } from 'vite';
import { nodeStubs } from './scripts/node-stubs.ts';
import { staticAssetsPlugin } from './scripts/static-assets.ts';

export default defineConfig({
  // Relative asset URLs: the built folder works wherever it is served from.
  base: './',
  // The workspace packages' TypeScript sources, as the tests use them: no package build needed first.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  plugins: [nodeStubs(), staticAssetsPlugin()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
