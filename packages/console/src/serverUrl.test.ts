import { describe, expect, it } from 'vitest';
import { serverUrlFrom } from './serverUrl';

const at = (search: string) => ({ origin: 'https://desk.example.com', search });

describe('serverUrlFrom', () => {
  it('talks to the page’s origin by default', () => {
    expect(serverUrlFrom(at(''))).toBe('https://desk.example.com');
  });

  it('takes ?server= when it is an http(s) URL, without a trailing slash', () => {
    expect(serverUrlFrom(at('?server=http://localhost:3000/'))).toBe('http://localhost:3000');
    expect(serverUrlFrom(at('?server=https%3A%2F%2Fchat.example.com%2Fparley'))).toBe('https://chat.example.com/parley');
  });

  it('ignores anything else', () => {
    expect(serverUrlFrom(at('?server=javascript:alert(1)'))).toBe('https://desk.example.com');
    expect(serverUrlFrom(at('?server=not a url'))).toBe('https://desk.example.com');
  });
});
