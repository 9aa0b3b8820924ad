/** A valibot issue's path, written the way the file reads: `providers[2].baseUrl`, `aliases["my alias"]`. */
export function issuePath(path: readonly { key: unknown }[] | undefined): string {
  let text = '';
  for (const { key } of path ?? []) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
