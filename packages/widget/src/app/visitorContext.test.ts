import { visitorContextSchema } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { parseUserAgent, visitorContextOf } from './visitorContext';

describe('visitor context', () => {
  it('names common browsers and systems from their user agents', () => {
    expect(parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toEqual({
      browser: 'Chrome 126',
      os: 'Windows 10/11',
    });
    expect(parseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toEqual({ browser: 'Firefox 128', os: 'Linux' });
    expect(parseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toEqual({
      browser: 'Safari 17',
      os: 'iOS 17',
    });
    expect(parseUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0')).toEqual({
      browser: 'Edge 126',
      os: 'macOS 10.15',
    });
    expect(parseUserAgent('curl/8.0')).toEqual({});
  });

  it('builds a context the server accepts, even from an oversized page', () => {
    const context = visitorContextOf({
      url: `https://shop.example/?q=${'x'.repeat(5000)}`,
      title: 'T'.repeat(1000),
      referrer: '',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      language: 'de-CH',
      timeZone: 'Europe/Zurich',
      timezoneOffset: -60,
    });
    expect(context).toMatchObject({ browser: 'Firefox 128', os: 'Linux', language: 'de-CH', timeZone: 'Europe/Zurich', utcOffset: 60 });
    expect(context.referrer).toBeUndefined();
    expect(visitorContextSchema.safeParse(context).success).toBe(true);
  });
});
