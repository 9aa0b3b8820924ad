import { firstValues } from './first-values.js';
import type { ParsedForm } from './parsed-form.js';

/** Like Flask's request.form: `+` is a space, and a repeated field keeps its first value. */
export function parseUrlencodedForm(body: Buffer): ParsedForm {
  return { fields: firstValues(new URLSearchParams(body.toString('utf8'))) };
}
