// White space as Python's `str.strip()` sees it (`str.isspace()`), which g4f uses to drop blank
// messages. It differs from JavaScript's `trim()`: Python strips U+001C–U+001F and U+0085, which
// `trim()` keeps, and keeps U+FEFF (the byte-order mark), which `trim()` strips.
const PYTHON_WHITE_SPACE = '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000';
const BLANK = new RegExp(`^[${PYTHON_WHITE_SPACE}]*$`, 'u');
const EDGES = new RegExp(`^[${PYTHON_WHITE_SPACE}]+|[${PYTHON_WHITE_SPACE}]+$`, 'gu');

/** True when `text` is empty or only white space, as Python's `str.strip()` decides. */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/** `text` without leading and trailing white space, as Python's `str.strip()` removes it. */
export function pythonStrip(text: string): string {
  return text.replace(EDGES, '');
}
