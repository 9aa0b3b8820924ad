import preset from '../../jest.preset.js';

export default {
  ...preset,
  testPathIgnorePatterns: ['/node_modules/', '/__generated__/'],
  // The doc's code imports this package by name, as a plugin does.
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@switchboard/testing$': '<rootDir>/src/index.ts',
    '^@switchboard/testing/conformance$': '<rootDir>/src/conformance/index.ts',
  },
};
