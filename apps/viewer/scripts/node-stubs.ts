import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

const PREFIX = '\0gradcam-node-stub:';
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Modules that only exist in Node; sharp is a native image library that render uses for files. */
const isNodeOnly = (id: string) => BUILTINS.has(id) || id === 'sharp';

/** Each export of the real module (read in Node, at build time) as a function that throws when called. */
async function stubSource(id: string): Promise<string> {
  const names =
    id === 'sharp' ? [] : Object.keys(await import(id)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const lines = names
    .filter((n) => n !== 'default')
    .map((n) => `export const ${n} = unavailable(${JSON.stringify(n)});`);
  return [
    `function unavailable(name) {`,
    `  return function () { throw new Error(${JSON.stringify(id)} + '.' + name + ' is Node-only and was called in the browser; use the browser loaders of the viewer instead'); };`,
    `}`,
    `export default unavailable('default');`,
    ...lines,
  ].join('\n');
}

/**
 * The gradcam packages' entries also export Node file loaders (fs, path, sharp). The viewer never
 * calls them, but bundling their imports for the browser would fail or pull in a native library;
 * here they resolve to modules whose functions throw a clear error if they ever were called.
 */
export function nodeStubs(): Plugin {
  return {
    name: 'gradcam-node-stubs',
    enforce: 'pre',
    resolveId(id) {
      return isNodeOnly(id) ? PREFIX + id : null;
    },
    load(id) {
      return id.startsWith(PREFIX) ? stubSource(id.slice(PREFIX.length)) : null;
    },
  };
}
