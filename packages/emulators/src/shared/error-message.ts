/**
 * The message of anything thrown. Duck-typed rather than `instanceof Error`: errors made by Node
 * built-ins come from another realm under a VM (jest), where `instanceof Error` is false.
 */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}
