// A visitor in plain Node: signs up, opens a chat in `support`, says something and waits for the
// bot's answer. Exits 0 once answered, 1 after 30 s.
import { createClient, signUpVisitor } from '@parley/core';

const url = process.env.PARLEY_URL ?? 'http://127.0.0.1:3000';
const text = `ping from node ${Date.now()}`;

const { user, session } = await signUpVisitor(url, { name: 'Node visitor' });
const client = createClient({ url, token: session.token, storage: false });
await client.whenConnected();
const chat = await client.chats.create({ room: 'support', source: 'node' });

const answered = new Promise<string>((resolve) => {
  client.subscribe('message:received', ({ message }) => {
    if (message.chatId === chat.id && message.sender !== user.id && message.message.includes(text)) resolve(message.message);
  });
});
await chat.assign();
await chat.sendMessage(text);
const timeout = setTimeout(() => {
  console.error('no answer within 30 s');
  process.exit(1);
}, 30_000);
const answer = await answered;
clearTimeout(timeout);
console.log(`answered: ${answer}`);
await chat.close();
client.disconnect();
process.exit(0);
