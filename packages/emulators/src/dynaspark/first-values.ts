/** The first value of each name, like Flask's `request.form` / `request.args` `.get()`. */
export function firstValues(params: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!Object.hasOwn(values, name)) values[name] = value;
  }
  return values;
}
