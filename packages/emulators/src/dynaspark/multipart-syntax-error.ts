/** A multipart body the emulator cannot split into parts; it answers 400, as the service would. */
export class MultipartSyntaxError extends Error {
  override readonly name = 'MultipartSyntaxError';
}
