/** An image part whose URL is not a `data:` URI, with its place in the request as the client wrote it. */
export interface RemoteImage {
  /** The part to rewrite with the downloaded image (its `image_url`, a string or `{ url }`). */
  part: { image_url: unknown };
  url: string;
  /** The field at fault if the image is refused (`messages[0].content[1].image_url.url`, `input[2].content[0].image_url`). */
  param: string;
}

/** The images of one request: those to download (or refuse), and how many it has in all. */
export interface RequestImages {
  remote: RemoteImage[];
  /** Every image of the request, `data:` URIs included. */
  total: number;
}

/** A request without remote images (shared: most requests have none). */
export const NO_REMOTE_IMAGES = (total: number): RequestImages => ({ remote: [], total });
