import { packageConfig } from '../../tsup.shared';

// tfjs-core ships its gradient and chained-op registrations only as bundler-style ESM, which
// Node cannot load; inline them, as the @tensorflow/tfjs bundle does. They register into
// tfjs-core's global registries, so they work with the user's own copy of tfjs-core.
export default packageConfig({ noExternal: [/^@tensorflow\/tfjs-core\/dist\//] });
