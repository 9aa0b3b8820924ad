import { register } from 'node:module';

// `node --import ./use-core-copy.js` with SWITCHBOARD_CORE_URL set: load that core instead.
const coreUrl = process.env['SWITCHBOARD_CORE_URL'];
if (coreUrl) register('./core-copy-hooks.js', import.meta.url, { data: { coreUrl } });
