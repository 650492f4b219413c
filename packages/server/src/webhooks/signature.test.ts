import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature';

describe('webhook signatures', () => {
  const body = '{"id":"e1","type":"chat.created"}';

  it('is the hex HMAC-SHA256 of "t.body" with the timestamp', () => {
    const expected = createHmac('sha256', 'secret-secret-secret').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('secret-secret-secret', body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies the body it signed, and nothing else', () => {
    const header = signWebhook('secret-secret-secret', body, 1_700_000_000);
    expect(verifyWebhookSignature('secret-secret-secret', body, header, { now: 1_700_000_010 })).toBe(true);
    expect(verifyWebhookSignature('other-secret-secret', body, header, { now: 1_700_000_010 })).toBe(false);
    expect(verifyWebhookSignature('secret-secret-secret', `${body} `, header, { now: 1_700_000_010 })).toBe(false);
    expect(verifyWebhookSignature('secret-secret-secret', body, header.replace('t=1700000000', 't=1700000001'), { now: 1_700_000_010 })).toBe(false);
    expect(verifyWebhookSignature('secret-secret-secret', body, undefined)).toBe(false);
    expect(verifyWebhookSignature('secret-secret-secret', body, 'garbage')).toBe(false);
  });

  it('refuses an old timestamp (a replay)', () => {
    const header = signWebhook('secret-secret-secret', body, 1_700_000_000);
    expect(verifyWebhookSignature('secret-secret-secret', body, header, { now: 1_700_000_000 + 301 })).toBe(false);
  });
});
