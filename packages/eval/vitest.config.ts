import { testConfig } from '../../vitest.shared';

export default testConfig(['test/**/*.test.ts']);
