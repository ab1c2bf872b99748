// tsup inlines the JSON at build time, so the bin needs no package.json next to it at run time.
import packageJson from '../package.json';

export const VERSION: string = packageJson.version;
