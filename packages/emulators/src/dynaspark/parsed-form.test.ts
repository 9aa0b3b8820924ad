import type { MultipartPart } from './parse-multipart-body.js';
import { decodeMultipartForm } from './parsed-form.js';

const part = (name: string, body: string, fileName?: string): MultipartPart => ({
  headers: [],
  name,
  fileName,
  contentType: undefined,
  bytes: Buffer.from(body),
});

describe('decodeMultipartForm', () => {
  it('text parts are fields (first value wins); the first file part named `file` is the upload', () => {
    const parts = [
      part('user_input', 'Hi'),
      part('user_input', 'again'),
      part('other', 'x', 'a.png'),
      part('file', 'first', ''),
      part('file', 'second', 'b.png'),
    ];

    const form = decodeMultipartForm(parts);

    expect(form.fields).toEqual({ user_input: 'Hi' });
    expect(form.file?.bytes.toString()).toBe('first');
    expect(form.parts).toBe(parts);
  });

  it('a file part is never a field, even named like one', () => {
    expect(decodeMultipartForm([part('user_input', 'Hi', '')]).fields).toEqual({});
  });

  it('an empty part with an empty filename (no file chosen) is no upload', () => {
    expect(decodeMultipartForm([part('file', '', '')]).file).toBeUndefined();
  });
});
