// Parley as a user gets it: the packed tarballs installed with npm into a temporary folder outside the
// workspace (no workspace links), against a real @parley/server started from its tarball.
//
//   server  the server every app chats with: the widget README's `npx parley-server --demo --static
//           /widget=…` line, run as written where @parley/server and @parley/widget are installed
//   node    plain Node ESM, `moduleResolution: nodenext`: the bot from packages/core/README.md
//           type-checks and runs as agent1 and agent2 (the agents every other app chats with), and a
//           Node visitor gets its answer
//   quick starts  the quick starts of @parley/protocol, @parley/engine and @parley/server (from
//           code) compiled with nodenext in the same app and run with node; the server README's
//           `npx parley-server --demo` and `--help` run as written
//   widget  the widget README's script tag on a page of another origin: in Chromium, the launcher, a
//           chat, a message answered by the bot
//   vite19  Vite + React 19 + TypeScript strict: the SupportChat of packages/react/README.md
//           type-checks, `vite build` succeeds, and in Chromium a visitor's message is answered
//   vite18  the same app on React 18
//   next    a Next.js app-router page (a Server Component importing @parley/ui directly): `next build`,
//           `next start`, server-rendered HTML, the chat in Chromium after hydration, no hydration warning
//
// The README snippets (marked blocks, consumers/snippets.ts) are extracted and used verbatim, so the
// docs cannot rot.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { snippet } from './snippets';

const here = fileURLToPath(new URL('.', import.meta.url));
const chromiumPath = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

export interface Tarballs {
  protocol: string;
  engine: string;
  core: string;
  react: string;
  ui: string;
  widget: string;
  server: string;
}

export interface Proof {
  name: string;
  ok: boolean;
  proved: string[];
  error?: string;
  seconds: number;
}

/** Versions the consumer apps install from the npm registry (what a new user would pick today). */
const versions = {
  typescript: '~6.0.3',
  vite: '^8.3.8',
  pluginReact: '^6.0.1',
  next: '^16.4.6',
  typesNode: '^20.19.0',
  react19: { react: '^19.3.1', 'react-dom': '^19.3.1', '@types/react': '^19.3.0', '@types/react-dom': '^19.3.0' },
  react18: { react: '^18.3.1', 'react-dom': '^18.3.1', '@types/react': '^18.3.12', '@types/react-dom': '^18.3.1' },
};

// ---------------------------------------------------------------------------------------------------
// Processes

interface Run {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`. */
function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited with ${code ?? signal}\n${tail(stdout + stderr)}`));
    });
  });
}

interface Service {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a long-running process and resolves once its output matches `ready`. */
function start(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; ready: RegExp; timeoutMs?: number }): Promise<Service & { match: RegExpExecArray }> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM'); // the whole group: npx and next spawn children
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not get ready:\n${tail(output)}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output: () => output, stop, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail(output)}`));
    });
  });
}

function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** At most `limit` CPU-heavy steps (type-checks, builds) at a time: the machine has two cores. */
function semaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

// ---------------------------------------------------------------------------------------------------
// The apps

function packageJson(name: string, tarballs: Tarballs, parley: Array<keyof Tarballs>, dependencies: Record<string, string>, devDependencies: Record<string, string>, scripts: Record<string, string> = {}) {
  const file = (key: keyof Tarballs) => `file:${tarballs[key]}`;
  // Every @parley package comes from its tarball, also as another package's dependency (never from
  // the registry, where these names may belong to someone else).
  const overrides = Object.fromEntries((Object.keys(tarballs) as Array<keyof Tarballs>).map((key) => [`@parley/${key}`, file(key)]));
  return JSON.stringify(
    {
      name,
      private: true,
      type: 'module',
      scripts,
      dependencies: { ...Object.fromEntries(parley.map((key) => [`@parley/${key}`, file(key)])), ...dependencies },
      devDependencies,
      overrides,
    },
    null,
    2,
  );
}

async function npmInstall(cwd: string): Promise<void> {
  // --prefer-offline: CI's npm cache (~/.npm) answers whatever it already holds.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, timeoutMs: 900_000 });
}

/** The Node snippets: file name in the node app → the README block it is. */
const nodeSnippets = [
  { file: 'bot.ts', readme: 'packages/core/README.md' },
  { file: 'protocol.ts', readme: 'packages/protocol/README.md' },
  { file: 'engine.ts', readme: 'packages/engine/README.md' },
  { file: 'server.ts', readme: 'packages/server/README.md' },
] as const;

async function writeApps(root: string, tarballs: Tarballs): Promise<void> {
  const supportChat = (await snippet('packages/react/README.md', 'SupportChat.tsx')).code;

  // `npm install @parley/widget @parley/server`, as the widget's README says.
  await mkdir(join(root, 'server'), { recursive: true });
  await writeFile(join(root, 'server/package.json'), packageJson('parley-consumer-server', tarballs, ['widget', 'server'], {}, {}));

  await cp(join(here, 'apps/node'), join(root, 'node'), { recursive: true });
  for (const { file, readme } of nodeSnippets) await writeFile(join(root, 'node/src', file), (await snippet(readme, file)).code);
  await writeFile(
    join(root, 'node/package.json'),
    packageJson('parley-consumer-node', tarballs, ['protocol', 'engine', 'core', 'server'], {}, { typescript: versions.typescript, '@types/node': versions.typesNode }),
  );

  for (const [name, react] of [
    ['vite19', versions.react19],
    ['vite18', versions.react18],
  ] as const) {
    await cp(join(here, 'apps/vite'), join(root, name), { recursive: true });
    await writeFile(join(root, name, 'src/SupportChat.tsx'), supportChat);
    const { react: reactVersion, 'react-dom': reactDom, ...types } = react;
    await writeFile(
      join(root, name, 'package.json'),
      packageJson(`parley-consumer-${name}`, tarballs, ['core', 'react', 'ui'], { react: reactVersion, 'react-dom': reactDom }, {
        ...types,
        typescript: versions.typescript,
        '@types/node': versions.typesNode,
        vite: versions.vite,
        '@vitejs/plugin-react': versions.pluginReact,
      }),
    );
  }

  await cp(join(here, 'apps/next'), join(root, 'next'), { recursive: true });
  await writeFile(join(root, 'next/app/SupportChat.tsx'), supportChat);
  const { react: react19, 'react-dom': reactDom19, ...types19 } = versions.react19;
  await writeFile(
    join(root, 'next/package.json'),
    packageJson('parley-consumer-next', tarballs, ['core', 'react', 'ui'], { next: versions.next, react: react19, 'react-dom': reactDom19 }, {
      ...types19,
      typescript: versions.typescript,
      '@types/node': versions.typesNode,
    }),
  );
}

/** A static server for a Vite build (what any host would do with dist/). */
async function serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };
  const server = createServer((request, response) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(dir, path);
      if (!(await stat(file).catch(() => undefined))?.isFile()) file = join(dir, 'index.html');
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(await readFile(file));
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs `steps` on a fresh Chromium page at `url`. Any console error or warning, uncaught error or
 * failed request (but the favicon Chromium asks for anyway) fails it; a failure leaves a screenshot.
 */
async function inPage(browser: Browser, url: string, label: string, steps: (page: Page) => Promise<string[]>): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const favicon = message.location().url.endsWith('/favicon.ico');
    if ((message.type() === 'error' || message.type() === 'warning') && !favicon) problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  try {
    await page.goto(url, { waitUntil: 'load' });
    const proved = await steps(page);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return proved;
  } catch (error) {
    const shot = join(tmpdir(), `parley-consumer-${label}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    throw new Error(`${(error as Error).message}\n(screenshot: ${shot})${problems.length ? `\n${problems.join('\n')}` : ''}`, { cause: error });
  } finally {
    await context.close();
  }
}

/** The page's create-vite-like CSS (`h2 { color; font-family }`, `#root { text-align: center }`) did not reach the chat's header. */
async function headerUntouchedByHostCss(page: Page): Promise<string> {
  const look = await page.evaluate(`(() => {
    const title = document.querySelector('.parley-header-title');
    const header = document.querySelector('.parley-header');
    if (!title || !header) return null;
    const t = getComputedStyle(title), h = getComputedStyle(header);
    return { title: t.color, header: h.color, font: t.fontFamily === h.fontFamily, align: t.textAlign };
  })()`);
  const seen = look as { title: string; header: string; font: boolean; align: string } | null;
  if (!seen || seen.title !== seen.header || !seen.font || seen.align === 'center') {
    throw new Error(`the host page's CSS reached the chat header: ${JSON.stringify(seen)}`);
  }
  return `the header title keeps the kit's colour (${seen.title}), font and alignment under create-vite-like host CSS`;
}

/**
 * The SupportChat of packages/react/README.md: after hydration, "Chat with us" starts a chat; a
 * message typed into the composer is answered by the bot, and the answer shows.
 */
async function chatInSupportChat(page: Page, label: string, expectPlaceholder?: string): Promise<string[]> {
  const button = page.getByRole('button', { name: 'Chat with us' });
  await button.waitFor();
  // React attaches its fiber to a DOM node when it hydrates (or renders) it: click only then.
  await page.waitForFunction(
    `[...document.querySelectorAll('button')].some((b) => b.textContent === 'Chat with us' && Object.keys(b).some((k) => k.startsWith('__reactFiber')))`,
  );
  await button.click();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.waitFor({ timeout: 30_000 });
  if (expectPlaceholder !== undefined) {
    const placeholder = await composer.getAttribute('placeholder');
    if (placeholder !== expectPlaceholder) throw new Error(`composer placeholder is "${placeholder}", not "${expectPlaceholder}" (StringsProvider from the Server Component)`);
  }
  const text = `hello from ${label} ${Date.now()}`;
  await composer.fill(text);
  await composer.press('Enter');
  await page.getByText(`You said: ${text}`).waitFor({ timeout: 30_000 });
  const status = await page.getByTestId('chat-status').textContent();
  return [`Chromium: hydrated, started a chat, sent "${text}", the bot's answer shown (status line: ${status})`];
}

/** The drop-in widget (inside its shadow root): launcher, "Start chat", a message, the bot's answer. */
async function chatInWidget(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('button', { name: 'Start chat' }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.waitFor({ timeout: 30_000 });
  const text = `hello from the widget ${Date.now()}`;
  await composer.fill(text);
  await composer.press('Enter');
  await page.getByRole('log').getByText(`You said: ${text}`).waitFor({ timeout: 30_000 });
  const version = await page.evaluate('window.Parley && window.Parley.version');
  return [`Chromium: the loader drew the launcher (Parley ${String(version)}), "Start chat" opened a chat, "${text}" was answered by the bot`];
}

// ---------------------------------------------------------------------------------------------------
// The run

export async function runConsumers(tarballs: Tarballs, options: { keep?: boolean; log?: (line: string) => void } = {}): Promise<Proof[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const root = await mkdtemp(join(tmpdir(), 'parley-consumers-'));
  const cpu = semaphore(2);
  const services: Service[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  let browser: Browser | undefined;
  const proofs: Proof[] = [];

  async function prove(name: string, steps: (proved: string[]) => Promise<void>): Promise<Proof> {
    const started = performance.now();
    const proved: string[] = [];
    let proof: Proof;
    try {
      await steps(proved);
      proof = { name, ok: true, proved, seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      proof = { name, ok: false, proved, error: (error as Error).message, seconds: (performance.now() - started) / 1000 };
    }
    proofs.push(proof);
    log(`${proof.ok ? '✓' : '✗'} ${name} (${proof.seconds.toFixed(0)} s)${proved.map((line) => `\n    ${line}`).join('')}${proof.error ? `\n    FAILED: ${proof.error.replace(/\n/g, '\n      ')}` : ''}`);
    return proof;
  }

  try {
    log(`consumer apps in ${root}`);
    await writeApps(root, tarballs);
    const apps = ['server', 'node', 'vite19', 'vite18', 'next'] as const;
    const installs = Object.fromEntries(apps.map((app) => [app, npmInstall(join(root, app))])) as Record<(typeof apps)[number], Promise<void>>;
    // Failures surface where each install is awaited; this only keeps Node from calling them unhandled.
    for (const install of Object.values(installs)) install.catch(() => undefined);

    // The server and its agents: everything in the browser needs them. The server is the widget
    // README's command as written; PORT=0 (its documented environment) picks a free port.
    let serverUrl = '';
    const serverCommand = await snippet('packages/widget/README.md', 'widget-server');
    const backend = (async () => {
      await installs.server;
      const server = await start('sh', ['-c', serverCommand.code], {
        cwd: join(root, 'server'),
        env: { PORT: '0', LOG_LEVEL: 'warn' },
        ready: /Parley server: (http:\/\/\S+)/,
      });
      services.push(server);
      serverUrl = server.match[1]!;
      return server;
    })();
    backend.catch(() => undefined); // awaited (and reported) by each app that needs it

    const nodeDir = join(root, 'node');
    const nodeCompiled = (async () => {
      await installs.node;
      await cpu(() => run('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: nodeDir }));
    })();
    nodeCompiled.catch(() => undefined); // awaited (and reported) by the two Node proofs

    const nodeProof = prove('node: plain Node ESM, moduleResolution nodenext', async (proved) => {
      const cwd = nodeDir;
      await nodeCompiled;
      proved.push(`${nodeSnippets.map(({ file, readme }) => `${file} (${readme})`).join(', ')} and visitor.ts type-check under nodenext, skipLibCheck off, and compile`);
      await backend;
      proved.push(`the server is the widget README's \`${serverCommand.code.trim()}\`, run as written (PORT=0): ${serverUrl}`);
      for (const agent of ['agent1', 'agent2']) {
        const bot = await start('node', ['dist/bot.js'], { cwd, env: { PARLEY_URL: serverUrl, PARLEY_AGENT: agent }, ready: /is online at/ });
        services.push(bot);
      }
      proved.push(`the README bot runs with plain node as agent1 and agent2 against that server`);
      const { stdout } = await run('node', ['dist/visitor.js'], { cwd, env: { PARLEY_URL: serverUrl }, timeoutMs: 60_000 });
      proved.push(`a Node visitor opened a chat and got the bot's ${stdout.trim()}`);
    });
    const agentsReady = nodeProof.then((proof) => {
      if (!proof.ok) throw new Error('the bot (node app) did not start, so no agent answers');
    });
    agentsReady.catch(() => undefined);

    let launched: Promise<Browser> | undefined;
    const getBrowser = () =>
      (launched ??= chromium
        .launch({
          executablePath: chromiumPath,
          headless: true,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
        })
        .then((instance) => (browser = instance)));

    const quickStartsProof = prove('quick starts: @parley/protocol, @parley/engine and @parley/server on plain Node', async (proved) => {
      const cwd = nodeDir;
      await nodeCompiled;
      const printed = (file: string, stdout: string, pattern: RegExp) => {
        if (!pattern.test(stdout)) throw new Error(`node dist/${file} printed no ${pattern}:\n${tail(stdout)}`);
      };
      const protocol = await run('node', ['dist/protocol.js'], { cwd, timeoutMs: 60_000 });
      printed('protocol.js', protocol.stdout, /valid: Hello[\s\S]*too long: true[\s\S]*refused: invalid_payload/);
      proved.push('protocol.ts (packages/protocol/README.md) runs: a payload parsed, the length limit, a refusal with its code');
      const engine = await run('node', ['dist/engine.js'], { cwd, timeoutMs: 60_000 });
      printed('engine.js', engine.stdout, /acknowledged with/);
      proved.push('engine.ts (packages/engine/README.md) runs: an in-memory engine acknowledges chats:create, and exits');
      // From code, then the CLI, one after the other: both keep their data in ./.parley of this app.
      const fromCode = await run('node', ['dist/server.js'], { cwd, env: { LOG_LEVEL: 'warn' }, timeoutMs: 120_000 });
      printed('server.js', fromCode.stdout, /Parley on http:\/\/127\.0\.0\.1:\d+/);
      proved.push('server.ts (packages/server/README.md, "From code") starts a server on a free port, adds an agent, closes, and node exits');
      const cli = await snippet('packages/server/README.md', 'server-cli');
      const server = await start('sh', ['-c', cli.code], { cwd, env: { PORT: '0', LOG_LEVEL: 'warn' }, ready: /Parley server: (http:\/\/\S+)/ });
      try {
        const url = server.match[1]!;
        const health = await fetch(`${url}/healthz`);
        const agents = (await (await fetch(`${url}/v1/agents/available?rooms=support`)).json()) as { agents?: Record<string, number> };
        if (health.status !== 200 || agents.agents?.support === undefined) throw new Error(`${url}: /healthz ${health.status}, /v1/agents/available ${JSON.stringify(agents)}`);
        proved.push(`\`${cli.code.trim()}\` (the server README's quick start, PORT=0) serves ${url}: /healthz 200, room support known`);
        // The desk comes with the package: the console the server README sends agents (and the first-run link) to.
        proved.push(
          ...(await inPage(await getBrowser(), `${url}/console/`, 'console', async (page) => {
            await page.getByLabel('Username').fill('agent1');
            await page.getByLabel('Password').fill('demo');
            await page.getByRole('button', { name: 'Log in' }).click();
            await page.getByLabel('Status').waitFor({ timeout: 30_000 });
            return [`${url}/console/: the agent console carried by @parley/server; agent1 logged in and the desk shows`];
          })),
        );
      } finally {
        await server.stop();
      }
      const help = await run('npx', ['parley-server', '--help'], { cwd });
      for (const flag of ['--port', '--demo', '--static', '--data-dir']) if (!help.stdout.includes(flag)) throw new Error(`npx parley-server --help does not list ${flag}:\n${tail(help.stdout)}`);
      proved.push('`npx parley-server --help` lists the flags of the README table');
    });

    const widgetProof = prove('widget: the script tag on a page of another origin', async (proved) => {
      const tag = await snippet('packages/widget/README.md', 'widget-page.html');
      // The README's tag names the quick start's default port; the test's server took a free one.
      const readmeOrigin = 'http://127.0.0.1:3000';
      if (!tag.code.includes(readmeOrigin)) throw new Error(`the widget README's script tag no longer points at ${readmeOrigin}: update consumers/run.ts`);
      await backend;
      const dir = join(root, 'widget-page');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'index.html'), `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>A host page</title><link rel="icon" href="data:,"></head>\n<body>\n<h1>A host page</h1>\n${tag.code.replaceAll(readmeOrigin, serverUrl)}</body>\n</html>\n`);
      const site = await serveStatic(dir);
      cleanups.push(site.close);
      proved.push(`the script tag of packages/widget/README.md on ${site.url}, its src on ${serverUrl} (served from node_modules/@parley/widget/dist by the README's --static)`);
      await agentsReady;
      proved.push(...(await inPage(await getBrowser(), `${site.url}/`, 'widget', chatInWidget)));
    });

    const viteProof = (name: 'vite19' | 'vite18', major: number) =>
      prove(`${name}: Vite + React ${major} + TypeScript strict`, async (proved) => {
        await installs[name];
        const cwd = join(root, name);
        await cpu(() => run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd }));
        const installed = JSON.parse(await readFile(join(cwd, 'node_modules/react/package.json'), 'utf8')) as { version: string };
        if (!installed.version.startsWith(`${major}.`)) throw new Error(`react ${installed.version} installed, not ${major}`);
        proved.push(`react ${installed.version}: ParleyProvider, useChat/useMessages/useConnection and ParleyChat (SupportChat.tsx from packages/react/README.md) type-check (strict, noUncheckedIndexedAccess, skipLibCheck off)`);
        await cpu(() => run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd }));
        proved.push('vite build succeeds');
        const site = await serveStatic(join(cwd, 'dist'));
        cleanups.push(site.close);
        await backend;
        await agentsReady;
        proved.push(
          ...(await inPage(await getBrowser(), `${site.url}/?server=${encodeURIComponent(serverUrl)}`, name, async (page) => [
            ...(await chatInSupportChat(page, name)),
            await headerUntouchedByHostCss(page),
          ])),
        );
      });

    const nextProof = prove('next: Next.js app router, a Server Component page importing the components', async (proved) => {
      await installs.next;
      const cwd = join(root, 'next');
      const env = { NEXT_TELEMETRY_DISABLED: '1' };
      const { stdout } = await cpu(() => run('npx', ['next', 'build'], { cwd, env }));
      if (!/Finished TypeScript/.test(stdout)) throw new Error(`next build did not type-check:\n${tail(stdout)}`);
      proved.push('next build succeeds, its TypeScript check included (strict, skipLibCheck off)');
      await backend;
      const port = await freePort();
      const next = await start('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd, env: { ...env, PARLEY_URL: serverUrl }, ready: /Ready in|started server on/i });
      services.push(next);
      const url = `http://127.0.0.1:${port}/`;
      const response = await fetch(url);
      const html = await response.text();
      if (response.status !== 200 || !html.includes('Parley in Next.js') || !html.includes('Chat with us')) {
        throw new Error(`server-rendered page: HTTP ${response.status}\n${html.slice(0, 500)}`);
      }
      proved.push('next start serves the page rendered on the server (HTTP 200, the chat button in the HTML)');
      await agentsReady;
      proved.push(...(await inPage(await getBrowser(), url, 'next', (page) => chatInSupportChat(page, 'next', 'Ask us anything'))));
      proved.push('the placeholder set by <StringsProvider> in the Server Component reached the client component: no hydration warning, no console error');
      const errors = next.output().split('\n').filter((line) => /error|warn/i.test(line));
      if (errors.length > 0) throw new Error(`next start logged:\n${errors.join('\n')}`);
    });

    await Promise.all([nodeProof, quickStartsProof, widgetProof, viteProof('vite19', 19), viteProof('vite18', 18), nextProof]);
    return proofs;
  } finally {
    await browser?.close().catch(() => undefined);
    for (const close of cleanups) await close().catch(() => undefined);
    for (const service of services.reverse()) await service.stop();
    if (!options.keep) await rm(root, { recursive: true, force: true }).catch(() => undefined);
  }
}
