// Jest in its native ESM mode (`NODE_OPTIONS=--experimental-vm-modules`, see package.json), with
// ts-jest transpiling TypeScript; type checking is `npm run lint`'s job.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
