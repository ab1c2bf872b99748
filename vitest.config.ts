import { testConfig } from './vitest.shared';

// One vitest run over every package, so that CI prints one closing summary.
export default testConfig(['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'], {
  reporters: ['default', './scripts/plain-summary-reporter.ts'],
});
