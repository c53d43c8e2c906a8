import { jestConfig } from '../../jest.preset.js';

export default jestConfig({
  coverageThreshold: { global: { lines: 95 } },
});
