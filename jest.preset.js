// Shared jest configuration: ts-jest's ESM preset, tests beside the code.
// Jest must run with NODE_OPTIONS=--experimental-vm-modules (every package's
// "test" script sets it).
/** @returns {import('jest').Config} */
export function jestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    roots: ['<rootDir>/src'],
    testMatch: ['**/*.test.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
    },
    collectCoverageFrom: ['src/**/*.ts', '!src/**/*.test.ts', '!src/gen/**', '!src/testing/**'],
    coverageReporters: ['text-summary'],
    ...overrides,
  };
}
