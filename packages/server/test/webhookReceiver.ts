import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookBody } from '@parley/protocol';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  raw: string;
  body: WebhookBody;
  /** What the receiver answered (0: it never answered). */
  answered: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Requests it answered 2xx, in the order they arrived. */
  accepted(): ReceivedRequest[];
  /** How it answers the n-th request (0-based): a status, or `hang` to never answer. */
  answer: (index: number, body: WebhookBody) => number | 'hang';
  waitFor(predicate: (requests: ReceivedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A local HTTP receiver for webhook deliveries that answers as the test says (fail first, hang, …). */
export async function startWebhookReceiver(answer: WebhookReceiver['answer'] = () => 200): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as WebhookBody;
      const decision = receiver.answer(requests.length, body);
      const entry: ReceivedRequest = { headers: request.headers, raw, body, answered: decision === 'hang' ? 0 : decision, at: Date.now() };
      requests.push(entry);
      for (const wake of [...waiters]) wake();
      if (decision === 'hang') return;
      response.writeHead(decision, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    answer,
    accepted: () => requests.filter((entry) => entry.answered >= 200 && entry.answered < 300),
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(requests)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; received ${requests.map((entry) => `${entry.body.type}:${entry.answered}`).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
