// Shared jest settings: packages are ESM (ky is ESM-only), so jest runs in its native ESM mode
// (node --experimental-vm-modules) with ts-jest's ESM transform. Type checking is `tsc`'s job
// (`pnpm lint`); ts-jest only transpiles, which keeps the suite fast on small CI machines.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testTimeout: 20000,
};
