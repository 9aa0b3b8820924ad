// White space as Python's `str.strip()` sees it (`str.isspace()`), which g4f uses to drop blank
// messages. It differs from JavaScript's `trim()`: Python strips U+001C–U+001F and U+0085, which
// `trim()` keeps, and keeps U+FEFF (the byte-order mark), which `trim()` strips.
const PYTHON_WHITE_SPACE = '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000';
const BLANK = new RegExp(`^[${PYTHON_WHITE_SPACE}]*$`, 'u');
const SPACE = new RegExp(`[${PYTHON_WHITE_SPACE}]`, 'u');

/** True when `text` is empty or only white space, as Python's `str.strip()` decides. */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/** `text` without leading and trailing white space, as Python's `str.strip()` removes it. */
export function pythonStrip(text: string): string {
  // Two scans inward, not /^\s+|\s+$/g: the second half of that pattern is retried at every space
  // of every inner run and backtracks over the run each time, quadratic on 'a' + ' ' * n + 'b'.
  // Every character of the set is one UTF-16 unit, so stepping by units is exact.
  let start = 0;
  let end = text.length;
  while (start < end && SPACE.test(text[start]!)) start++;
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
