import type { AddressAllowList } from '../images/address-allow-list.js';

/** What the gateway does with `image_url` parts that point to a remote URL. */
export interface RemoteImagePolicy {
  /** Fetch them (true) or refuse the request with a 400 (false). */
  allowed: boolean;
  /** Largest image fetched, in bytes. */
  maxBytes: number;
  /** Time limit of fetching all of a request's images. */
  timeoutMs: number;
  /** Most remote images in one request. */
  maxImages: number;
  /** Most bytes downloaded for one request. */
  maxTotalBytes: number;
  /** Most downloads at once, gateway-wide. */
  maxConcurrentDownloads: number;
  /** Most redirects followed per image. */
  maxRedirects: number;
  /** Non-public addresses the operator allows. */
  allowAddresses: AddressAllowList;
}
