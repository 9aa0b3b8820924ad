#!/usr/bin/env node
// Committed, not built: pnpm links bins at install time, before any build, and warns about a
// missing target. The CLI itself is compiled TypeScript in dist/.
import '../dist/main.js';
