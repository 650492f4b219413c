import { describe, expect, it } from 'vitest';
import { chooseServer, fetchAllowedServers, refusalNotice } from './serverUrl';

const at = (search: string) => ({ origin: 'https://desk.example.com', search });

describe('chooseServer', () => {
  it('talks to the page’s origin by default', () => {
    expect(chooseServer(at(''), [])).toEqual({ server: 'https://desk.example.com' });
  });

  it('takes ?server= only when the console’s server allows that origin, without a trailing slash', () => {
    const allowed = ['http://localhost:3000', 'https://chat.example.com'];
    expect(chooseServer(at('?server=http://localhost:3000/'), allowed)).toEqual({ server: 'http://localhost:3000' });
    expect(chooseServer(at('?server=https%3A%2F%2Fchat.example.com%2Fparley'), allowed)).toEqual({ server: 'https://chat.example.com/parley' });
    expect(chooseServer(at('?server=https://desk.example.com/'), [])).toEqual({ server: 'https://desk.example.com' });
  });

  it('refuses any other server, falling back to the origin and saying why (issue 13)', () => {
    const evil = chooseServer(at('?server=https://evil.example'), ['https://chat.example.com']);
    expect(evil).toEqual({ server: 'https://desk.example.com', refused: 'https://evil.example' });
    expect(refusalNotice(evil)).toContain('asked the console to sign in at https://evil.example');
    expect(refusalNotice(evil)).toContain('You are signing in at https://desk.example.com');
    // Same host name, other scheme or port: another origin.
    expect(chooseServer(at('?server=http://chat.example.com'), ['https://chat.example.com']).refused).toBe('http://chat.example.com');
    expect(chooseServer(at('?server=javascript:alert(1)'), []).refused).toBe('javascript:alert(1)');
    expect(chooseServer(at('?server=not a url'), []).server).toBe('https://desk.example.com');
    expect(refusalNotice({ server: 'https://desk.example.com' })).toBeUndefined();
  });

  it('reads the allowlist from the console’s own server, and none when it cannot', async () => {
    const answer = (body: unknown, ok = true) => (async () => ({ ok, json: async () => body })) as unknown as typeof fetch;
    expect(await fetchAllowedServers('https://desk.example.com', answer({ servers: ['https://a.example', 7] }))).toEqual(['https://a.example']);
    expect(await fetchAllowedServers('https://desk.example.com', answer({}, false))).toEqual([]);
    const failing = (async () => {
      throw new Error('offline');
    }) as unknown as typeof fetch;
    expect(await fetchAllowedServers('https://desk.example.com', failing)).toEqual([]);
  });
});
