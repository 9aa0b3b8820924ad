/** A number from a flag; `max` and `integer` bound it. */
export function parseCliNumber(options: { name: string; text: string; integer?: boolean; max?: number }): number {
  const { name, text, integer = false, max = Number.MAX_SAFE_INTEGER } = options;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > max || (integer && !Number.isInteger(value))) {
    const expected = integer ? `an integer from 0 to ${max}` : 'a number >= 0';
    throw new Error(`${name} must be ${expected}, got '${text}'`);
  }
  return value;
}
