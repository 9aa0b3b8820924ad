import type { ParsedForm } from './parsed-form.js';

/** Like Flask's request.form: `+` is a space, and a repeated field keeps its first value. */
export function parseUrlencodedForm(body: Buffer): ParsedForm {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  }
  return { fields };
}
