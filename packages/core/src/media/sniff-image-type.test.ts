import { sniffImageType } from './sniff-image-type.js';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((value) => (typeof value === 'string' ? Array.from(value, (char) => char.charCodeAt(0)) : [value])));

describe('sniffImageType', () => {
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'JFIF'), 'image/jpeg'],
    ['JPEG (EXIF)', bytes(0xff, 0xd8, 0xff, 0xe1), 'image/jpeg'],
    ['PNG', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR'), 'image/png'],
    ['GIF87a', bytes('GIF87a', 1, 0, 1, 0), 'image/gif'],
    ['GIF89a', bytes('GIF89a', 1, 0, 1, 0), 'image/gif'],
    ['WEBP', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
  ])('recognises %s from its magic bytes', (_name, data, type) => {
    expect(sniffImageType(data)).toBe(type);
  });

  it.each([
    ['empty data', bytes()],
    ['a truncated JPEG signature', bytes(0xff, 0xd8)],
    ['a truncated PNG signature', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a)],
    ['GIF of an unknown version', bytes('GIF88a')],
    ['a RIFF file that is not WEBP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')],
    ['a RIFF header cut before its type', bytes('RIFF', 0x24, 0, 0, 0, 'WEB')],
    ['a BMP', bytes('BM', 0x36, 0, 0, 0)],
    ['a PDF', bytes('%PDF-1.7')],
    ['text', bytes('<!doctype html>')],
    ['WEBP written at the start instead of offset 8', bytes('WEBPRIFF', 0, 0, 0, 0)],
  ])('refuses %s', (_name, data) => {
    expect(sniffImageType(data)).toBeUndefined();
  });

  it('reads a view into a larger buffer from the start of the view', () => {
    const buffer = bytes('junk', 0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0);

    expect(sniffImageType(buffer.subarray(4))).toBe('image/png');
  });
});
