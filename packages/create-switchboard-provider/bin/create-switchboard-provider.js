#!/usr/bin/env node
// Committed, not built: pnpm links bins at install time, before any build. The initializer itself
// is compiled TypeScript in dist/.
import '../dist/main.js';
