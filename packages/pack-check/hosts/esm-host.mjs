// An ESM host app: `import` of the installed packages.
import { createRequire } from 'node:module';
import * as core from '@switchboard/core';
import '@switchboard/provider-dynaspark';
import * as emulators from '@switchboard/emulators/dynaspark';
import * as testing from '@switchboard/testing';
import { exerciseRegistry } from './exercise-registry.cjs';

const coreVersion = createRequire(import.meta.url)('@switchboard/core/package.json').version;
console.log(JSON.stringify(await exerciseRegistry({ core, emulators, testing, greeting: 'Hello from ESM', coreVersion })));
