import { describe, expect, it } from 'vitest';
import { textArrayLiteral } from './textArrayLiteral';

describe('textArrayLiteral', () => {
  it('quotes every element, as the driver does', () => {
    expect(textArrayLiteral(['a', 'b c', ''])).toBe('{"a","b c",""}');
  });

  it('backslashes quotes and backslashes, and writes NULL bare', () => {
    expect(textArrayLiteral(['say "hi"', 'C:\\dir', null])).toBe('{"say \\"hi\\"","C:\\\\dir",NULL}');
  });

  it('leaves braces, commas and other text inside the quotes alone', () => {
    expect(textArrayLiteral(['{x,y}', 'NULL', 'é ✓\n'])).toBe('{"{x,y}","NULL","é ✓\n"}');
  });

  it('writes an empty array', () => {
    expect(textArrayLiteral([])).toBe('{}');
  });
});
