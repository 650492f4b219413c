import type { ErrorPayload } from '@parley/protocol';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { startTestServer } from './harness';

/**
 * `--trust-proxy` (issue 13): behind a load balancer every client arrives from the balancer's
 * address. Trusted, `X-Forwarded-For` names the client, so the per-IP limits count clients apart;
 * untrusted (the default), the header is ignored, so a client cannot escape the limits by sending it.
 */

async function handshake(server: TestServer, token: string, forwardedFor: string): Promise<{ close(): void; refusal?: ErrorPayload }> {
  const socket = connect(server.url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': forwardedFor },
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ close: () => socket.close() }));
    socket.once('connect_error', (error: Error & { data?: ErrorPayload }) => {
      socket.close();
      resolve({ close: () => undefined, ...(error.data && { refusal: error.data }) });
    });
  });
}

async function signupStatus(server: TestServer, forwardedFor: string): Promise<number> {
  const answer = await fetch(`${server.url}/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: '{}',
  });
  await answer.arrayBuffer();
  return answer.status;
}

const limits = { maxSocketsPerIp: 1, signupsPerIpPerMinute: 1 };

describe.each([
  { trusted: true, options: { trustProxy: ['loopback'] as string[], limits } },
  { trusted: false, options: { limits } },
])('X-Forwarded-For with trustProxy $trusted', ({ trusted, options }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(options);
  });
  afterAll(async () => {
    await server.stop();
  });

  it(trusted ? 'counts sockets per forwarded client address' : 'counts sockets per peer address, whatever the header says', async () => {
    const token = async (id: string) => (await server.tokens.issue({ sub: id, role: 'user', name: id })).token;
    const first = await handshake(server, await token('xff-1'), '203.0.113.1');
    expect(first.refusal).toBeUndefined();
    const second = await handshake(server, await token('xff-2'), '203.0.113.2');
    if (trusted) expect(second.refusal).toBeUndefined();
    else expect(second.refusal).toMatchObject({ code: 'rate_limited', details: { limit: 'sockets_per_ip' } });
    // The same forwarded address twice is one client either way.
    const again = await handshake(server, await token('xff-3'), '203.0.113.1');
    expect(again.refusal).toMatchObject({ code: 'rate_limited', details: { limit: 'sockets_per_ip' } });
    for (const socket of [first, second, again]) socket.close();
  });

  it(trusted ? 'counts signups per forwarded client address' : 'counts signups per peer address, whatever the header says', async () => {
    expect(await signupStatus(server, '198.51.100.1')).toBe(201);
    expect(await signupStatus(server, '198.51.100.2')).toBe(trusted ? 201 : 429);
    expect(await signupStatus(server, '198.51.100.1')).toBe(429);
  });
});
