// Loaded with `node --import`: like ./record-imports.js, every ES module the process resolves is
// appended to the file named by RECORD_IMPORTS; at exit, so are the CommonJS files `require`
// loaded (core requires undici, pino and tsyringe when first used) and Node's built-in modules
// (`node:zlib`), which no hook sees.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./record-imports-hooks.js', import.meta.url);

process.on('exit', () => {
  const required = Object.keys(createRequire(import.meta.url).cache).map((file) => pathToFileURL(file).href);
  const builtins = process.moduleLoadList.filter((name) => name.startsWith('NativeModule ')).map((name) => `node:${name.slice('NativeModule '.length)}`);
  appendFileSync(process.env.RECORD_IMPORTS, [...required, ...builtins].map((line) => `${line}\n`).join(''));
});
