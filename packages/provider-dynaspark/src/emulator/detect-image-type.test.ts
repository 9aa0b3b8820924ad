import { detectImageType } from './detect-image-type.js';

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('detectImageType', () => {
  it.each([
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['image/png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'IHDR')],
    ['image/gif', bytes('GIF87a...')],
    ['image/gif', bytes('GIF89a...')],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
  ])('recognises %s by its magic bytes', (type, data) => {
    expect(detectImageType(data)).toBe(type);
  });

  it.each([
    ['a PDF', bytes('%PDF-1.7')],
    ['a WAV (RIFF but not WEBP)', bytes('RIFF', [0, 0, 0, 0], 'WAVE')],
    ['a truncated PNG signature', bytes([0x89], 'PNG')],
    ['nothing', bytes()],
  ])('refuses %s', (_case, data) => {
    expect(detectImageType(data)).toBeUndefined();
  });
});
