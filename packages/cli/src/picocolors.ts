// picocolors, the one place the CLI names it. The build bundles it into this one file (scripts/
// bundle-dist.mjs --vendor): installed, it is a CommonJS module, and the first one an ES module
// imports starts Node's CommonJS export lexer, on every command a person runs.
export { default } from 'picocolors';
