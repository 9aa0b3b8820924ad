import { parseHeaderValue } from './parse-header-value.js';

describe('parseHeaderValue', () => {
  it('splits the value from its parameters, lower-casing names', () => {
    expect(parseHeaderValue('Multipart/Form-Data; Boundary=----abc')).toEqual({ value: 'multipart/form-data', params: { boundary: '----abc' } });
  });

  it('unquotes quoted values, keeping ; and escaped quotes inside them', () => {
    expect(parseHeaderValue('form-data; name="file"; filename="a;b \\"c\\".png"')).toEqual({
      value: 'form-data',
      params: { name: 'file', filename: 'a;b "c".png' },
    });
  });

  it('keeps an empty filename: the part is still a file', () => {
    expect(parseHeaderValue('form-data; name="file"; filename=""').params).toEqual({ name: 'file', filename: '' });
  });

  it('keeps percent-encoding as sent', () => {
    expect(parseHeaderValue('form-data; name="file"; filename="c%C3%A4t.png"').params.filename).toBe('c%C3%A4t.png');
  });

  it('skips parameters without a value and keeps the first of a repeated one', () => {
    expect(parseHeaderValue('form-data; flag; name=a; name=b').params).toEqual({ name: 'a' });
  });
});
