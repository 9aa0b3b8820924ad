// Preloaded by a test (`--import`): gives Node 20 the `module.enableCompileCache` of Node 22.1+,
// recording each call in the file FAKE_COMPILE_CACHE names.
import { appendFileSync } from 'node:fs';
import module from 'node:module';

module.enableCompileCache = (directory) => {
  appendFileSync(process.env.FAKE_COMPILE_CACHE, `enableCompileCache(${directory ?? ''})\n`);
  return { status: 1 };
};
