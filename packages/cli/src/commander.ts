// commander, the one place the CLI names it. The build bundles it into this one file (scripts/
// bundle-dist.mjs --vendor): installed, it is seven CommonJS files, each resolved, read and
// wrapped on every command a person runs.
export { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
