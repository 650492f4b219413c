import { ParleyError } from '@parley/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../src/index';
import { createFakeTransport } from './fakeTransport';

const vera = { id: 'vera', role: 'user' as const, name: 'Vera' };

function idleClient() {
  const transport = createFakeTransport(vera);
  const client = createClient({ transport, storage: false, autoConnect: false });
  return { transport, client };
}

describe('client.whenConnected', () => {
  it('resolves at once when connected, and otherwise once the link comes up', async () => {
    const { transport, client } = idleClient();
    let settled = false;
    const waiting = client.whenConnected().then(() => (settled = true));
    transport.setState({ status: 'connecting' });
    await Promise.resolve();
    expect(settled).toBe(false);
    transport.setState({ status: 'connected' });
    await waiting;
    await expect(client.whenConnected()).resolves.toBeUndefined();
  });

  it('rejects with the refusal when the server turns the token away', async () => {
    const { transport, client } = idleClient();
    const waiting = client.whenConnected();
    const refusal = new ParleyError('unauthorized', 'token expired');
    transport.setState({ status: 'disconnected', error: refusal });
    await expect(waiting).rejects.toBe(refusal);
  });

  it('rejects at once with the refusal when the token was already turned away, not with a later `timeout`', async () => {
    vi.useFakeTimers();
    try {
      const { transport, client } = idleClient();
      const refusal = new ParleyError('unauthorized', 'bad token');
      transport.setState({ status: 'disconnected', error: refusal });
      let outcome: unknown;
      client.whenConnected(60_000).catch((error: unknown) => (outcome = error));
      await vi.advanceTimersByTimeAsync(0);
      expect(outcome).toBe(refusal);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects at once with `disconnected` after disconnect() and after destroy()', async () => {
    const { transport, client } = idleClient();
    transport.setState({ status: 'connected' });
    client.disconnect();
    await expect(client.whenConnected(60_000)).rejects.toMatchObject({ code: 'disconnected' });
    client.destroy();
    await expect(client.whenConnected(60_000)).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('rejects with `timeout` when the link does not come up in time, and stops listening', async () => {
    vi.useFakeTimers();
    try {
      const { transport, client } = idleClient();
      const waiting = client.whenConnected(2_000);
      const outcome = expect(waiting).rejects.toMatchObject({ code: 'timeout' });
      transport.setState({ status: 'reconnecting', error: new ParleyError('disconnected', 'refused') });
      await vi.advanceTimersByTimeAsync(2_000);
      await outcome;
    } finally {
      vi.useRealTimers();
    }
  });
});
