import { startBot } from './bot';

// `npx -y pnpm@12 example:bot`: against `npx -y pnpm@12 start` (room support), as the demo's agent2.
const bot = await startBot({
  url: process.env.PARLEY_URL ?? 'http://127.0.0.1:3000',
  username: process.env.PARLEY_BOT_USER ?? 'agent2',
  password: process.env.PARLEY_BOT_PASSWORD ?? 'demo',
  log: (line) => console.log(line),
});
process.on('SIGINT', () => {
  bot.stop();
  process.exit(0);
});
