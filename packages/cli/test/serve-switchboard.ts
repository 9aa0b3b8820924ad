import type { ChildProcess } from 'node:child_process';
import { emptyDirectory, finished, startSwitchboard, type RunSwitchboardOptions, type SwitchboardRun } from './run-switchboard.js';

/** Starts `switchboard serve` on a free port from a fresh directory and resolves once it says where it listens. */
export async function serveWith(
  args: string[],
  { env = {}, files = {}, nodeArgs = [] }: { env?: Record<string, string>; files?: Record<string, string>; nodeArgs?: RunSwitchboardOptions['nodeArgs'] } = {},
) {
  const directory = emptyDirectory(files);
  const child = startSwitchboard(['serve', '--port', '0', ...args], { cwd: directory.path, env, nodeArgs });
  const exit = finished(child);
  const { url, line } = await new Promise<{ url: string; line: string }>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      const match = /^.*listening on (http:\/\/\S+).*$/m.exec(text);
      if (match) resolve({ url: match[1]!, line: match[0] });
    });
    void exit.then((run) => reject(new Error(`serve exited early: ${JSON.stringify(run)}`)));
  });
  return { url, line, child, exit, cleanup: () => directory.remove() };
}

/** Sends SIGTERM and resolves with the run and how long the exit took. */
export async function stop(child: ChildProcess, exit: Promise<SwitchboardRun>): Promise<{ run: SwitchboardRun; ms: number }> {
  const started = Date.now();
  child.kill('SIGTERM');
  const run = await exit;
  return { run, ms: Date.now() - started };
}
