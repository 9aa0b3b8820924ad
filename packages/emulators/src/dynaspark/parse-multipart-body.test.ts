import { MultipartSyntaxError, parseMultipartBody } from './parse-multipart-body.js';

const CONTENT_TYPE = 'multipart/form-data; boundary=XyZ';
const parse = (body: string | Buffer, contentType = CONTENT_TYPE) => parseMultipartBody({ body: Buffer.from(body), contentType });
const failure = (body: string, contentType?: string): unknown => {
  try {
    parse(body, contentType);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('parseMultipartBody', () => {
  it('splits parts, keeping header order and case and the bytes exactly (no CRLF rewriting)', () => {
    const parts = parse(
      '--XyZ\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="user_input"\r\n\r\nline 1\nline 2\r\n' +
        '--XyZ\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n\x89PNG\r\n' +
        '--XyZ--\r\n',
    );

    expect(parts).toEqual([
      {
        headers: [
          ['Content-Type', 'text/plain; charset=utf-8'],
          ['Content-Disposition', 'form-data; name="user_input"'],
        ],
        name: 'user_input',
        fileName: undefined,
        contentType: 'text/plain; charset=utf-8',
        bytes: Buffer.from('line 1\nline 2'),
      },
      {
        headers: [
          ['content-disposition', 'form-data; name="file"; filename="a.png"'],
          ['content-type', 'image/png'],
        ],
        name: 'file',
        fileName: 'a.png',
        contentType: 'image/png',
        bytes: Buffer.from('\x89PNG'),
      },
    ]);
  });

  it('a filename parameter makes a part a file, even an empty one', () => {
    const [part] = parse('--XyZ\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\nbytes\r\n--XyZ--');

    expect(part?.fileName).toBe('');
  });

  it('skips a preamble and transport padding, folds continued header lines, and takes a quoted boundary', () => {
    const parts = parse('preamble\r\n--a b\t \r\nContent-Disposition: form-data;\r\n name="x"\r\n\r\n1\r\n--a b--', 'multipart/form-data; boundary="a b"');

    expect(parts).toMatchObject([{ name: 'x', headers: [['Content-Disposition', 'form-data; name="x"']], bytes: Buffer.from('1') }]);
  });

  it('returns no parts for a body that is only the closing boundary', () => {
    expect(parse('--XyZ--\r\n')).toEqual([]);
  });

  it.each([
    ['no boundary in the content type', 'x', 'multipart/form-data', 'the content-type has no boundary'],
    ['no boundary in the body', 'just text', CONTENT_TYPE, 'the body does not contain the boundary'],
    ['a body cut inside a part', '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue', CONTENT_TYPE, 'part 1 does not end with a boundary'],
    ['a body cut after a boundary', '--XyZ', CONTENT_TYPE, 'the body ends without a closing boundary'],
    ['headers that never end', '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n', CONTENT_TYPE, 'the headers of part 1 do not end'],
    ['a part without a disposition', '--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--', CONTENT_TYPE, 'part 1 has no content-disposition'],
    ['a header line without a name', '--XyZ\r\nno colon here\r\n\r\nx\r\n--XyZ--', CONTENT_TYPE, "part 1 has a header line without a name: 'no colon here'"],
  ])('throws a MultipartSyntaxError for %s', (_case, body, contentType, message) => {
    const error = failure(body, contentType);

    expect(error).toBeInstanceOf(MultipartSyntaxError);
    expect((error as Error).message).toBe(message);
  });
});
