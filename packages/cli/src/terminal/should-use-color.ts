/**
 * Whether to colour what goes to `stream`. `NO_COLOR` (set and not empty, https://no-color.org)
 * turns colour off, `FORCE_COLOR` (anything but `0` or `false`) turns it on, otherwise only a
 * terminal gets it. Decided here rather than by picocolors' own check, which also colours piped
 * output whenever `CI` is set: a CI log that greps the output would then see escape codes.
 */
export function shouldUseColor(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}
