/** The first bytes of each image format the service accepts (RIFF....WEBP has a size in the middle). */
const SIGNATURES: ReadonlyArray<{ type: string; bytes: ReadonlyArray<number | undefined> }> = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/gif', bytes: [...Buffer.from('GIF87a')] },
  { type: 'image/gif', bytes: [...Buffer.from('GIF89a')] },
  { type: 'image/webp', bytes: [...Buffer.from('RIFF'), undefined, undefined, undefined, undefined, ...Buffer.from('WEBP')] },
];

/**
 * The image type the service recognises in an upload, by its magic bytes, whatever type the part
 * declared; undefined for anything else (the service refuses it).
 */
export function acceptedImageType(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((signature) => signature.bytes.every((byte, index) => byte === undefined || bytes[index] === byte))?.type;
}
