// Child process: the attacker of the limits benchmark, on its own event loop and process (as another
// machine would be). On `start` it runs `loops` parallel request loops as fast as answers come:
//   bare   — POST to a route that does not exist (404): the cost of answering any HTTP request
//   logins — wrong passwords for a real agent (the "16 parallel login floods")
//   all    — the login loops, 4 signup loops and one socket spamming events
// On `stop` it ends the loops and answers their counts.
import { io } from 'socket.io-client';
import { failToParent, tellParent } from '../lib/child';
import type { FloodCounts, FloodIn, FloodOut } from './protocol';

let flooding = false;
let running: Promise<FloodCounts> | undefined;

async function post(url: string, body: unknown): Promise<number> {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await answer.arrayBuffer();
  return answer.status;
}

async function flood(message: Extract<FloodIn, { type: 'start' }>): Promise<FloodCounts> {
  const counts: FloodCounts = { requests: 0, refused: 0, signups: 0, signupsRefused: 0, events: 0, eventsRefused: 0 };
  const path = message.kind === 'bare' ? '/v1/nothing-here' : '/v1/agents/login';
  const loops: Promise<void>[] = Array.from({ length: message.loops }, async (_, loop) => {
    for (let index = 0; flooding; index++) {
      const status = await post(`${message.url}${path}`, { username: 'agent1', password: `wrong-${loop}-${index}` });
      counts.requests++;
      if (status === 429) counts.refused++;
    }
  });
  if (message.kind === 'all') {
    loops.push(
      ...Array.from({ length: 4 }, async () => {
        while (flooding) {
          const status = await post(`${message.url}/v1/users`, { name: 'x'.repeat(200) });
          counts.signups++;
          if (status === 429) counts.signupsRefused++;
        }
      }),
    );
    const socket = io(message.url, { auth: { token: message.spamToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    loops.push(
      (async () => {
        while (flooding) {
          const answer = (await socket.emitWithAck('user:focus', {})) as { ok: boolean };
          counts.events++;
          if (!answer.ok) counts.eventsRefused++;
        }
        socket.close();
      })(),
    );
  }
  await Promise.all(loops);
  return counts;
}

process.on('message', (message: FloodIn) => {
  if (message.type === 'start') {
    flooding = true;
    running = flood(message);
    running.catch(failToParent);
    tellParent<FloodOut>({ type: 'started' });
  } else if (message.type === 'stop') {
    flooding = false;
    void running?.then((counts) => tellParent<FloodOut>({ type: 'counts', ...counts }));
  } else process.exit(0);
});
process.on('disconnect', () => process.exit(0));
tellParent<FloodOut>({ type: 'ready' });
