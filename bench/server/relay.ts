// Child process: the baseline. A bare socket.io relay with the same socket.io version, parser (JSON)
// and transport (websocket, no compression) as Parley, speaking just enough of the protocol for the
// load generator: `chats:create` / `chats:join` put the socket in the chat's room, and
// `messages:send` numbers the message with a per-chat counter, emits `message:received` to the
// room and acks `{ ok: true, data: { message } }` — no validation, no authorisation, no storage.
//   argv: <chats>
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { failToParent, finishWith, heapAfterGc, tellParent } from '../lib/child';
import { createLoopProbe } from '../lib/loopProbe';
import type { ChatSeat, ServerIn } from './protocol';
import { benchRoom } from './protocol';

type Ack = (envelope: unknown) => void;
type Payload = Record<string, unknown> | undefined;

async function main(): Promise<void> {
  const started = performance.now();
  const chats = Number(process.argv[2]);
  if (!Number.isInteger(chats) || chats < 1) throw new Error(`bad chat count ${process.argv[2]}`);

  const http = createServer();
  const io = new Server(http, { path: '/socket.io', serveClient: false, perMessageDeflate: false, cors: { origin: true } });
  const seqs = new Map<string, number>();
  let chatCount = 0;

  // The "token" is the user id: a handshake without one is refused, as Parley refuses it.
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized'));
    socket.data = { userId: token };
    next();
  });

  io.on('connection', (socket) => {
    const userId = (socket.data as { userId: string }).userId;
    socket.on('chats:create', (payload: Payload, ack: Ack) => {
      const id = `chat-${++chatCount}`;
      seqs.set(id, 0);
      void socket.join(id);
      const chat = { id, room: payload?.room, source: payload?.source, lang: 'en', creator: userId, status: 'waiting', users: [userId], lastSeq: 0 };
      ack({ ok: true, data: { chat } });
    });
    socket.on('chats:join', (payload: Payload, ack: Ack) => {
      const chatId = String(payload?.chatId);
      void socket.join(chatId);
      ack({ ok: true, data: { chat: { id: chatId, status: 'active' } } });
    });
    socket.on('messages:send', (payload: Payload, ack: Ack) => {
      const chatId = String(payload?.chatId);
      const seq = (seqs.get(chatId) ?? 0) + 1;
      seqs.set(chatId, seq);
      const message = {
        id: randomUUID(),
        chatId,
        seq,
        sender: userId,
        type: payload?.type,
        message: payload?.message,
        clientId: payload?.clientId,
        createdAt: new Date().toISOString(),
      };
      // Parley's order too: broadcast to the chat's members (the sender's sockets included), then ack.
      io.to(chatId).emit('message:received', { message });
      ack({ ok: true, data: { message } });
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const seats: ChatSeat[] = Array.from({ length: chats }, (_, index) => ({
    room: benchRoom(index),
    visitorId: `visitor-${index}`,
    visitorToken: `visitor-${index}`,
    agentId: `agent-${index}`,
    agentToken: `agent-${index}`,
  }));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    io.disconnectSockets(true);
    await new Promise<void>((resolve) => io.close(() => resolve()));
    finishWith({ type: 'stopped' });
  };
  const loopProbe = createLoopProbe();
  process.on('message', (message: ServerIn) => {
    if (message.type === 'stop') void stop();
    else if (message.type === 'heap') tellParent({ type: 'heap', bytes: heapAfterGc() });
    else if (message.type === 'probeStart') loopProbe.start();
    else if (message.type === 'probeEnd') void loopProbe.stop().then((probe) => tellParent({ type: 'probe', probe }));
  });
  process.on('disconnect', () => void stop());
  tellParent({ type: 'ready', url: `http://127.0.0.1:${port}`, seats, startupMs: performance.now() - started });
}

main().catch(failToParent);
