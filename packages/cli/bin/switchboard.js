#!/usr/bin/env node
// Committed, not built: pnpm links bins at install time, before any build, and warns about a
// missing target. The CLI itself is compiled TypeScript in dist/.
import module from 'node:module';

// Node 22.1+ keeps the code it compiled on disk and reuses it on the next run (in the OS's
// temporary folder, or NODE_COMPILE_CACHE's): compiling the CLI, core and the plugins is the
// largest part of a command's start-up. Node 20 has no such cache, and nothing changes there.
// Enabled before the CLI is imported, which is why that import is dynamic.
module.enableCompileCache?.();
await import('../dist/main.js');
