// `pnpm test`: lint, then every package's tests, read as a short summary ending in one
// "N passed, N failed" line. Biome and turbo run as usual; turbo reports each task's output as
// NDJSON (`--json`), which this script keeps to itself unless the task fails: then that task's
// whole output is printed, as the task wrote it. Nothing else decides what passes: the exit code
// is turbo's (and biome's).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const started = performance.now();
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' };
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what it removes.
const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** Runs a command to its end: its exit code and everything it printed, in order. */
function run(command, args, onLine = () => {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        onLine(line);
      });
    }
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), lines }));
  });
}

/**
 * `turbo run <tasks> --json`: the output of each task, the tasks that failed, and turbo's own
 * complaints. `onTaskLine` sees each task's lines as they arrive.
 */
async function turbo(tasks, extra, onTaskLine = () => {}) {
  const byTask = new Map();
  const failed = new Set();
  const messages = [];
  let inFailedList = false;
  const { code, lines } = await run('turbo', ['run', ...tasks, '--json', '--output-logs=full', '--no-update-notifier', ...extra], (line) => {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      return; // not an event (turbo's stderr): kept in `lines`, shown if the run fails
    }
    if (event.source !== 'turbo') {
      if (!byTask.has(event.source)) byTask.set(event.source, []);
      byTask.get(event.source).push(event.text);
      onTaskLine(event.source, event.text);
      return;
    }
    const text = event.text ?? '';
    if (/^\s*Failed:/.test(text)) inFailedList = true;
    if (inFailedList) for (const task of text.replace(/^\s*Failed:/, '').split(/[\s,]+/)) if (task.includes('#')) failed.add(task);
    if (event.level === 'error' || event.level === 'warn') messages.push(text);
  });
  const stray = lines.filter((line) => !line.startsWith('{'));
  return { code, byTask, failed, messages, stray };
}

/** Prints what a failed turbo run said: each failed task's output in full, then turbo's own words. */
function showFailures({ byTask, failed, messages, stray }) {
  for (const task of failed) {
    console.log(`\n── ${task} failed ─────────────────────────────────────────`);
    for (const line of byTask.get(task) ?? ['(no output)']) console.log(line);
  }
  console.log('');
  for (const line of [...messages, ...stray]) if (line.trim() !== '') console.log(line);
}

/** The counts a test task's summary line gives: jest's `Tests: 1 failed, 754 passed, 755 total`, pack-check's `pack-check: 5 passed, 0 failed`. */
function countsOf(lines) {
  const line = lines.findLast((each) => /^(Tests:|pack-check:)\s.*\b\d+ passed\b/.test(plain(each)) || /^Tests:\s.*\b\d+ failed\b/.test(plain(each)));
  if (!line) return undefined;
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(plain(line))?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') + count('todo') };
}

// 1. Biome: formatting and lint rules, architecture rules included.
const biome = await run('biome', ['ci', '.']);
if (biome.code !== 0) {
  for (const line of biome.lines) console.log(line);
  console.log(`\nbiome failed: 0 passed, 1 failed`);
  process.exit(biome.code);
}
// Warnings do not fail the check, but they are not hidden either.
if (biome.lines.some((line) => /Found \d+ warning/.test(plain(line)))) for (const line of biome.lines) console.log(line);
console.log(`lint   biome: ${plain(biome.lines.findLast((line) => /Checked \d+ files/.test(plain(line))) ?? 'passed').trim()}`);

// 2. tsc in every package, publint and attw on every published one (builds first, quietly).
const lintStarted = performance.now();
const lint = await turbo(['lint', 'lint:package'], []);
if (lint.code !== 0) {
  showFailures(lint);
  console.log(`lint failed (${[...lint.failed].join(', ') || 'see above'}): 0 passed, ${Math.max(lint.failed.size, 1)} failed`);
  process.exit(lint.code);
}
const tasksNamed = (name) => [...lint.byTask.keys()].filter((task) => task.endsWith(`#${name}`)).length;
const cached = [...lint.byTask.values()].filter((lines) => lines.some((line) => line.startsWith('cache hit'))).length;
console.log(
  `lint   tsc in ${tasksNamed('lint')} packages, publint and attw in ${tasksNamed('lint:package')}: passed in ${seconds(lintStarted)} (${cached} of ${lint.byTask.size} tasks from cache)`,
);

// 3. Every package's tests; a failure does not stop the packages that do not depend on it.
const width = 40;
const results = new Map();
const report = (task) => {
  const counts = countsOf(results.get(task) ?? []);
  if (!counts) return;
  const parts = [`${counts.passed} passed`, ...(counts.failed ? [`${counts.failed} failed`] : []), ...(counts.skipped ? [`${counts.skipped} skipped`] : [])];
  console.log(`test   ${task.replace(/#test$/, '').padEnd(width)} ${parts.join(', ')}`);
};
const tests = await turbo(['test'], ['--continue=dependencies-successful'], (task, line) => {
  if (!task.endsWith('#test')) return;
  if (!results.has(task)) results.set(task, []);
  results.get(task).push(line);
  // A test task's summary comes last: say it as soon as it is there.
  if (/^(Tests:|pack-check:)\s/.test(plain(line))) report(task);
});
let passed = 0;
let failures = 0;
for (const [task, lines] of results) {
  const counts = countsOf(lines);
  passed += counts?.passed ?? 0;
  failures += counts?.failed ?? 0;
  // A task that failed without a failing test (a suite that did not load, a crash) is a failure too.
  if (tests.failed.has(task) && !counts?.failed) failures += 1;
}
for (const task of tests.failed) if (!results.has(task)) failures += 1;
if (tests.code !== 0) {
  showFailures(tests);
  if (failures === 0) failures = 1;
}
console.log(`\n${passed} passed, ${failures} failed (${seconds(started)})`);
process.exit(tests.code);
