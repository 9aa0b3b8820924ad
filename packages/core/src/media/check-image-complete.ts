import type { ImageMediaType } from '../provider/media-input.js';

const PNG_IEND = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/**
 * Why an image whose magic bytes are right is still not a whole image (a download cut short, a
 * file truncated on disk), or undefined when it ends as its format says it must. Only the ends are
 * read, so this costs nothing for large images:
 * - PNG ends with an `IEND` chunk;
 * - JPEG has an end-of-image marker (`FF D9`) near its end (some writers pad after it);
 * - GIF ends with its trailer byte `3B` (padding allowed);
 * - WEBP's RIFF header says how long the file is.
 */
export function checkImageComplete(data: Uint8Array, type: ImageMediaType): string | undefined {
  switch (type) {
    case 'image/png': {
      if (data.length < 8 + 25 + 12) return `a PNG of ${data.length} bytes is too short to hold a header, image data and an end chunk`;
      const tail = data.subarray(data.length - PNG_IEND.length);
      return PNG_IEND.every((byte, index) => tail[index] === byte) ? undefined : 'the PNG does not end with its IEND chunk (the file is cut short)';
    }
    case 'image/jpeg': {
      const from = Math.max(2, data.length - 1024);
      for (let index = data.length - 2; index >= from; index--) if (data[index] === 0xff && data[index + 1] === 0xd9) return undefined;
      return 'the JPEG has no end-of-image marker (FF D9) at its end (the file is cut short)';
    }
    case 'image/gif': {
      const from = Math.max(13, data.length - 1024);
      for (let index = data.length - 1; index >= from; index--) if (data[index] === 0x3b) return undefined;
      return 'the GIF has no trailer byte (3B) at its end (the file is cut short)';
    }
    case 'image/webp': {
      if (data.length < 12) return 'the WEBP is too short to hold its RIFF header';
      const declared = (data[4]! | (data[5]! << 8) | (data[6]! << 16) | (data[7]! << 24)) >>> 0;
      return data.length >= declared + 8 ? undefined : `the WEBP says it is ${declared + 8} bytes long but has ${data.length} (the file is cut short)`;
    }
  }
}
