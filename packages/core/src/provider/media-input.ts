/**
 * Where a media item comes from: raw bytes, a file path, a `file:` URL, or a
 * `data:image/...;base64,` URI.
 */
export type MediaSource = Uint8Array | ArrayBuffer | string | URL;

/**
 * One media item as a caller gives it: a bare source, `{ source, fileName }`, or g4f's tuple shape
 * `[source, fileName]` (`media: [['photo.jpg', 'image.jpg']]`).
 */
export type MediaInput = MediaSource | { source: MediaSource; fileName?: string } | readonly [MediaSource, string?];

/** Image types recognised from their magic bytes. */
export type ImageMediaType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/** A media item read, sniffed and checked: what providers receive. */
export interface LoadedMedia {
  data: Uint8Array;
  mediaType: ImageMediaType;
  /** The caller's file name, else the path's base name, else undefined. */
  fileName: string | undefined;
  /** Where it came from, for messages: `media[0]`, `messages[1].content[2]`. */
  origin: string;
}
