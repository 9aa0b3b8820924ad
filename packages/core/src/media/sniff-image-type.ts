import type { ImageMediaType } from '../provider/media-input.js';

const startsWith = (data: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  data.length >= offset + signature.length && signature.every((byte, index) => data[offset + index] === byte);

const ascii = (text: string): number[] => Array.from(text, (char) => char.charCodeAt(0));

const GIF87A = ascii('GIF87a');
const GIF89A = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

/**
 * The image type of `data` from its magic bytes (JPEG, PNG, GIF, WEBP), or undefined. The bytes
 * decide, never a file name or a declared type, as in gpt4free.
 */
export function sniffImageType(data: Uint8Array): ImageMediaType | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, GIF87A) || startsWith(data, GIF89A)) return 'image/gif';
  if (startsWith(data, RIFF) && startsWith(data, WEBP, 8)) return 'image/webp';
  return undefined;
}
