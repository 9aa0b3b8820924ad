// A CommonJS host app: require() of the ESM-only packages (Node >= 20.19, require(esm)).
const core = require('@switchboard/core');
require('@switchboard/provider-dynaspark');
const emulators = require('@switchboard/emulators/dynaspark');
const testing = require('@switchboard/testing');
const { exerciseRegistry } = require('./exercise-registry.cjs');

exerciseRegistry({ core, emulators, testing, greeting: 'Hello from CommonJS', coreVersion: require('@switchboard/core/package.json').version }).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
