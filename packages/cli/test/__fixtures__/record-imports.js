// Loaded with `node --import`: every module the process resolves is appended to the file named
// by RECORD_IMPORTS, so a test can tell what a command loaded.
import { register } from 'node:module';

register('./record-imports-hooks.js', import.meta.url);
