#!/usr/bin/env node
import { runOpenAICompatibleCli } from './openai-compatible-cli.js';

process.exitCode = await runOpenAICompatibleCli({ argv: process.argv.slice(2), stdout: process.stdout, stderr: process.stderr });
