#!/usr/bin/env node
import { runDynasparkCli } from './dynaspark-cli.js';

process.exitCode = await runDynasparkCli({ argv: process.argv.slice(2), stdout: process.stdout, stderr: process.stderr });
