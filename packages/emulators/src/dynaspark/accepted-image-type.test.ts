import { acceptedImageType } from './accepted-image-type.js';

describe('acceptedImageType', () => {
  it.each([
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    ['GIF87a', [...Buffer.from('GIF87a;')], 'image/gif'],
    ['GIF89a', [...Buffer.from('GIF89a;')], 'image/gif'],
    ['WEBP', [...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBPVP8 ')], 'image/webp'],
    ['a PDF', [...Buffer.from('%PDF-1.7')], undefined],
    ['a PNG cut short', [0x89, 0x50, 0x4e], undefined],
    ['nothing', [], undefined],
  ])('%s -> %s', (_case, bytes, expected) => {
    expect(acceptedImageType(new Uint8Array(bytes))).toBe(expected);
  });
});
