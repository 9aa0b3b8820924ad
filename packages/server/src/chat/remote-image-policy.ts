/** What the gateway does with `image_url` parts that point to a remote URL. */
export interface RemoteImagePolicy {
  /** Fetch them (true) or refuse the request with a 400 (false). */
  allowed: boolean;
  /** Largest image fetched, in bytes. */
  maxBytes: number;
  /** Time limit of fetching all of a request's images. */
  timeoutMs: number;
}
