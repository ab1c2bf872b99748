import { defineConfig, type Options } from 'tsup';

/** Every package builds its src/index.ts to ESM and CJS with declarations, for Node 20. */
export function packageConfig(extra: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...extra,
  });
}
