import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');
const DOC = join(packageRoot, '..', '..', 'docs', 'writing-a-provider.md');

/**
 * Writes the doc's ```ts file=NAME blocks into `test/__generated__/<folder>/`, inside this package
 * so they resolve `@switchboard/*` as a plugin would, and returns the file paths by name.
 */
export function extractDocCode(folder: string): Record<string, string> {
  const target = join(here, '__generated__', folder);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const files: Record<string, string> = {};
  for (const [, name, code] of readFileSync(DOC, 'utf8').matchAll(/^```ts file=(\S+)\n([\s\S]*?)^```$/gm)) {
    files[name!] = join(target, name!);
    writeFileSync(files[name!]!, code!);
  }
  return files;
}

/** tsc's diagnostics for the files, with this package's compiler options: [] when they compile. */
export function typeErrors(files: readonly string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(packageRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(files, { ...config!.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file
      ? `${diagnostic.file.fileName.slice(here.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
      : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  });
}
