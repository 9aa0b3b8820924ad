import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { MediaError } from '../errors/media-error.js';
import { loadMedia } from './load-media.js';
import type { MediaInput } from '../provider/media-input.js';

import { TINY_PNG as png } from '../testing/tiny-png.js';

const gif = Uint8Array.from(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
const dataUri = (type: string, data: Uint8Array) => `data:${type};base64,${Buffer.from(data).toString('base64')}`;

const at = { origin: 'media[0]', index: 0 };

async function refusal(input: MediaInput, options: Partial<Parameters<typeof loadMedia>[1]> = {}): Promise<MediaError> {
  const error = await loadMedia(input, { ...at, ...options }).then(
    () => {
      throw new Error('expected a rejection');
    },
    (caught: unknown) => caught,
  );
  if (!MediaError.isInstance(error)) throw error;
  return error;
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-load-media-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadMedia', () => {
  describe('sources', () => {
    it('takes bytes as they are', async () => {
      const media = await loadMedia(png, at);

      expect(media).toEqual({ data: png, mediaType: 'image/png', fileName: undefined, origin: 'media[0]' });
      expect(media.data).toBe(png);
    });

    it('takes an ArrayBuffer', async () => {
      const media = await loadMedia(gif.slice().buffer, at);

      expect(media.mediaType).toBe('image/gif');
      expect(media.data).toEqual(gif);
    });

    it('reads a file path, naming the item after the file', async () => {
      const path = join(dir, 'chart.png');
      await writeFile(path, png);

      expect(await loadMedia(path, at)).toEqual({ data: Uint8Array.from(png), mediaType: 'image/png', fileName: 'chart.png', origin: 'media[0]' });
    });

    it('reads a file: URL', async () => {
      const path = join(dir, 'photo one.gif');
      await writeFile(path, gif);

      const media = await loadMedia(pathToFileURL(path), at);

      expect(media.mediaType).toBe('image/gif');
      expect(media.fileName).toBe('photo one.gif');
    });

    it('decodes a data: URI', async () => {
      const media = await loadMedia(dataUri('image/png', png), at);

      expect(media.mediaType).toBe('image/png');
      expect(Uint8Array.from(media.data)).toEqual(png);
    });

    it('accepts a data: URI without a declared type, or with extra parameters', async () => {
      expect((await loadMedia(dataUri('', png), at)).mediaType).toBe('image/png');
      expect((await loadMedia(`data:image/png;name=a.png;base64,${Buffer.from(png).toString('base64')}`, at)).mediaType).toBe('image/png');
    });

    it('trusts the bytes, not the declared type', async () => {
      expect((await loadMedia(dataUri('image/jpeg', gif), at)).mediaType).toBe('image/gif');
    });
  });

  describe('file names', () => {
    it('takes [source, fileName]', async () => {
      expect((await loadMedia([png, 'upload.png'], at)).fileName).toBe('upload.png');
    });

    it('takes { source, fileName }', async () => {
      expect((await loadMedia({ source: png, fileName: 'upload.png' }, at)).fileName).toBe('upload.png');
    });

    it("prefers the caller's file name over the path's", async () => {
      const path = join(dir, 'on-disk.png');
      await writeFile(path, png);

      expect((await loadMedia([path, 'shown.png'], at)).fileName).toBe('shown.png');
    });

    it('takes a source without a file name in either shape', async () => {
      expect((await loadMedia([png], at)).fileName).toBeUndefined();
      expect((await loadMedia({ source: png }, at)).fileName).toBeUndefined();
    });

    it.each([[''], ['a"b.png'], ['a\nb.png'], [42]])('refuses the file name %j', async (fileName) => {
      const error = await loadMedia([png, fileName as string], { origin: 'media[3]', index: 3 }).catch((caught: unknown) => caught);

      expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('media[3].fileName');
    });
  });

  describe('refusals', () => {
    it('refuses bytes that are no supported image, showing the first bytes', async () => {
      const error = await refusal(Buffer.from('%PDF-1.7\n%âãÏÓ'), { origin: 'media[2]', index: 2 });

      expect(error.message).toBe('media[2]: is not a supported image: its first bytes (25 50 44 46 2d 31 2e 37) match none of JPEG, PNG, GIF or WEBP.');
      expect(error.index).toBe(2);
      expect(error.path).toBe('media[2]');
    });

    it('names the file in the message and on the error', async () => {
      const error = await refusal([Buffer.from('hello'), 'notes.txt']);

      expect(error.message).toBe("media[0] ('notes.txt'): is not a supported image: its first bytes (68 65 6c 6c 6f) match none of JPEG, PNG, GIF or WEBP.");
      expect(error.fileName).toBe('notes.txt');
    });

    it('refuses empty data', async () => {
      expect((await refusal(new Uint8Array(0))).message).toBe('media[0]: is empty.');
      expect((await refusal('data:image/png;base64,')).message).toBe('media[0]: is a data: URI with no data after the comma.');
    });

    it('refuses bytes over maxBytes', async () => {
      expect((await refusal(png, { maxBytes: 15 })).message).toBe(`media[0]: is ${png.length} bytes, over the limit of 15 bytes (option maxMediaBytes).`);
      expect((await loadMedia(png, { ...at, maxBytes: png.length })).mediaType).toBe('image/png');
    });

    it('refuses a file over maxBytes before reading it', async () => {
      const path = join(dir, 'large.png');
      await writeFile(path, Buffer.concat([png, Buffer.alloc(1000)]));

      expect((await refusal(path, { maxBytes: 1000 })).message).toBe(
        `media[0]: is ${png.length + 1000} bytes, over the limit of 1000 bytes (option maxMediaBytes).`,
      );
    });

    it('refuses a data: URI over maxBytes before decoding it', async () => {
      const error = await refusal(dataUri('image/png', Buffer.concat([png, Buffer.alloc(3000)])), { maxBytes: 1000 });

      expect(error.message).toMatch(/^media\[0\]: is about \d+ bytes, over the limit of 1000 bytes \(option maxMediaBytes\)\.$/);
    });

    it('refuses a missing file, with the system error code and cause', async () => {
      const path = join(dir, 'missing.png');
      const error = await refusal(path);

      expect(error.message).toBe(`media[0]: cannot read '${path}' (ENOENT).`);
      expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
      expect(error.fileName).toBeUndefined();
    });

    it('refuses a directory', async () => {
      expect((await refusal(dir)).message).toBe(`media[0]: '${dir}' is not a file.`);
    });

    it('does not download http(s) URLs', async () => {
      expect((await refusal('https://example.com/cat.png')).message).toBe(
        'media[0]: remote URLs are not downloaded. Pass bytes, a file path or a data:image/...;base64, URI.',
      );
      expect((await refusal(new URL('http://example.com/cat.png'))).message).toContain("only file: URLs can be loaded as media, got 'http:'");
    });

    it('refuses a data: URI of another type than image', async () => {
      expect((await refusal(dataUri('text/plain', png))).message).toBe(
        "media[0]: is a data: URI of type 'text/plain'; only data:image/...;base64, URIs are media.",
      );
    });

    it('refuses a data: URI that is not base64', async () => {
      expect((await refusal('data:image/svg+xml,<svg/>')).message).toBe('media[0]: is a data: URI without ;base64; only base64 image data is accepted.');
    });

    it('refuses a source of another type', async () => {
      expect((await refusal(42 as never)).message).toBe(
        'media[0]: unsupported media source of type number; pass a Uint8Array, a file path, a file: URL or a data: URI.',
      );
      expect((await refusal(null as never)).message).toContain('of type null');
    });
  });
});

describe('loadMedia refuses what only looks like an image', () => {
  it('refuses a PNG cut short after its header (33 bytes), which the upstream would choke on', async () => {
    const error = await refusal(png.subarray(0, 33));

    expect(error.message).toBe('media[0]: is not a whole image: a PNG of 33 bytes is too short to hold a header, image data and an end chunk.');
  });

  it('refuses a PNG whose end chunk is missing', async () => {
    const cut = Uint8Array.from([...png.subarray(0, png.length - 12), ...new Uint8Array(12)]);

    expect((await refusal(cut)).message).toMatch(/does not end with its IEND chunk/);
  });

  it('refuses a JPEG without its end-of-image marker, a GIF without its trailer, a WEBP shorter than it says', async () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
    const webp = Uint8Array.from([...Buffer.from('RIFF'), 100, 0, 0, 0, ...Buffer.from('WEBPVP8 '), 0, 0]);

    expect((await refusal(jpeg)).message).toMatch(/no end-of-image marker/);
    expect((await refusal(gif.subarray(0, gif.length - 1))).message).toMatch(/no trailer byte/);
    expect((await refusal(webp)).message).toBe('media[0]: is not a whole image: the WEBP says it is 108 bytes long but has 18 (the file is cut short).');
  });

  it('takes whole images of each kind', async () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
    const webp = Uint8Array.from([...Buffer.from('RIFF'), 10, 0, 0, 0, ...Buffer.from('WEBPVP8 '), 0, 0]);

    await expect(loadMedia(jpeg, at)).resolves.toMatchObject({ mediaType: 'image/jpeg' });
    await expect(loadMedia(gif, at)).resolves.toMatchObject({ mediaType: 'image/gif' });
    await expect(loadMedia(webp, at)).resolves.toMatchObject({ mediaType: 'image/webp' });
  });

  it('says a data: URI is not valid base64, instead of decoding it into garbage bytes', async () => {
    expect((await refusal('data:image/png;base64,@@@')).message).toBe(
      'media[0]: is a data: URI whose payload is not valid base64: "@" at position 0 is not a base64 character.',
    );
    expect((await refusal('data:image/png;base64,iVBORw0K=GgoA')).message).toMatch(/the length or the = padding is wrong/);
    expect((await refusal('data:image/png;base64,')).message).toBe('media[0]: is a data: URI with no data after the comma.');
  });
});
