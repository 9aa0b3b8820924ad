import { MediaError } from './media-error.js';

describe('MediaError', () => {
  it('carries the position of the item and its file name', () => {
    const error = new MediaError({ message: "media[1] ('cat.bmp'): is not a supported image", index: 1, path: 'media[1]', fileName: 'cat.bmp' });

    expect(error.message).toBe("media[1] ('cat.bmp'): is not a supported image");
    expect(error.index).toBe(1);
    expect(error.path).toBe('media[1]');
    expect(error.fileName).toBe('cat.bmp');
    expect(error.code).toBe('media');
  });

  it('uses index -1 and no file name for problems of the whole list', () => {
    const error = new MediaError({ message: 'no provider can take 3 images', index: -1 });

    expect(error.index).toBe(-1);
    expect(error.path).toBeUndefined();
    expect(error.fileName).toBeUndefined();
  });
});
