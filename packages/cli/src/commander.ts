import { createRequire } from 'node:module';
import type * as Commander from 'commander';

/**
 * commander, required rather than imported. It is CommonJS, and Node 20 sends every `require()`
 * inside a CommonJS module reached through `import` through its ESM loader, which lexes each of
 * its files for their exports: start-up time a person waits for on every command.
 */
const commander = createRequire(import.meta.url)('commander') as typeof Commander;

export const { Command, CommanderError, InvalidArgumentError, Option } = commander;
export type Command = Commander.Command;
export type CommanderError = Commander.CommanderError;
export type Option = Commander.Option;
