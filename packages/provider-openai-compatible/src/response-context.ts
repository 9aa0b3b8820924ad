/** Which call a response belongs to: every error built from a response carries these. */
export interface ResponseContext {
  provider: string;
  model: string;
  /** The URL that was called (never with credentials). */
  url: string;
}
