import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * `--trust-proxy` (issue 13): which hops may say who the client is through `X-Forwarded-For`. Off by
 * default: anyone can send the header, so trusting it without a proxy in front would let a client
 * choose its own address and escape every per-IP limit. `true` trusts every hop, a number the
 * nearest n hops, a list the proxies' addresses or subnets (`10.0.0.0/8`, `loopback`, …).
 */
export type TrustProxy = boolean | number | string[];

/** The test proxy-addr (and so fastify's `trustProxy`) applies to each hop, nearest first. */
export function trustFunction(trust: TrustProxy | undefined): (address: string, hop: number) => boolean {
  if (trust === undefined || trust === false) return () => false;
  if (trust === true) return () => true;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

/**
 * The client's address for a raw request (the socket.io handshake), as fastify computes `request.ip`
 * for REST: the socket's peer, or the nearest untrusted address in `X-Forwarded-For` when trusted.
 */
export function clientAddress(request: IncomingMessage, trust: (address: string, hop: number) => boolean): string {
  if (!request.socket.remoteAddress) return '';
  return proxyAddr(request, trust);
}

/** `--trust-proxy`'s text: `true`/`false`, a hop count, or comma-separated addresses and subnets. */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim();
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d{1,3}$/.test(value)) return Number(value);
  const list = value.split(',').map((item) => item.trim()).filter(Boolean);
  // Refused here rather than at the first request: proxy-addr throws on a bad address.
  proxyAddr.compile(list);
  return list;
}
