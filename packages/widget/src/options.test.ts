import { describe, expect, it } from 'vitest';
import { optionsFromAttributes, resolveOptions, WidgetOptionsError } from './options';

describe('resolveOptions', () => {
  it('trims the server URL and the room', () => {
    expect(resolveOptions({ server: 'https://chat.example.com//', room: ' support ' })).toMatchObject({ server: 'https://chat.example.com', room: 'support' });
  });

  it.each([
    [undefined, /options object/],
    [{ room: 'support' }, /`server` must be an http\(s\) URL/],
    [{ server: 'chat.example.com', room: 'support' }, /`server` must be an http\(s\) URL/],
    [{ server: 'https://chat.example.com', room: '  ' }, /`room` is required/],
    [{ server: 'https://chat.example.com', room: 'support', theme: 'neon' }, /`theme` must be one of light, dark, auto/],
  ])('refuses %j with a named error and a code', (input, message) => {
    let caught: unknown;
    try {
      resolveOptions(input as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WidgetOptionsError);
    expect((caught as WidgetOptionsError).code).toBe('invalid_options');
    expect((caught as Error).message).toMatch(message);
  });
});

describe('optionsFromAttributes', () => {
  it('reads data-* attributes of a script tag, defaulting the server to where the script came from', () => {
    const script = document.createElement('script');
    script.setAttribute('data-room', 'sales');
    script.setAttribute('data-theme', 'dark');
    script.setAttribute('data-lang', 'de');
    expect(optionsFromAttributes(script, 'https://chat.example.com')).toEqual({ server: 'https://chat.example.com', room: 'sales', theme: 'dark', lang: 'de' });
  });

  it('reads plain attributes of <parley-chat>, room "support" by default, `open` as a flag', () => {
    const element = document.createElement('div');
    element.setAttribute('server', 'https://other.example.com');
    element.setAttribute('open', '');
    expect(optionsFromAttributes(element)).toEqual({ server: 'https://other.example.com', room: 'support', open: true });
  });
});
