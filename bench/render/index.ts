// Benchmark 3 (DESIGN.md "What users will judge"): a chat of 10,000 messages in Chromium — first render
// and appending one message — for Parley's virtualized MessageList against @chatscope/chat-ui-kit-react's
// MessageList rendering the same data, in the same run. The page is built with Vite (bench/render/build.ts),
// served from localhost (bench/render/serve.ts) and driven with playwright-core; the measuring happens in
// the page (bench/render/page/harness.tsx).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { repoRoot } from '../lib/child';
import { fmt, fmtSpread, spread, table } from '../lib/stats';
import type { Spread } from '../lib/stats';
import type { Suite, SuiteOptions, SuiteReport } from '../lib/suite';
import { buildPage } from './build';
import { pageGlobal } from './protocol';
import type { ListName, PageOptions, PageResult, RenderBenchPage, StepResult } from './protocol';
import { serveStatic } from './serve';

const chromiumPath = '/usr/bin/chromium';
const lists: readonly ListName[] = ['parley', 'chatscope'];
const labels: Record<ListName, string> = { parley: 'Parley MessageList', chatscope: 'chatscope MessageList' };

interface Plan extends PageOptions {
  runs: number;
}

const fullPlan: Plan = { count: 10_000, appends: 10, runs: 5, settleMs: 400, stepTimeoutMs: 60_000 };
const quickPlan: Plan = { count: 200, appends: 3, runs: 1, settleMs: 250, stepTimeoutMs: 30_000 };

function packageVersion(name: string, from = repoRoot): string {
  try {
    return (JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** A page per measurement: nothing of one list's run (DOM, heap, JIT state of its page) reaches the other. */
async function measure(browser: Browser, url: string, list: ListName, plan: Plan): Promise<PageResult> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  try {
    await page.goto(`${url}/${list}.html`, { waitUntil: 'load' });
    const options: PageOptions = { count: plan.count, appends: plan.appends, settleMs: plan.settleMs, stepTimeoutMs: plan.stepTimeoutMs };
    const result = await page.evaluate(
      ({ key, options }) => {
        const bench = (globalThis as unknown as Record<string, RenderBenchPage | undefined>)[key];
        if (!bench) throw new Error('the bench page did not start');
        return bench.run(options);
      },
      { key: pageGlobal, options },
    );
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await page.close();
  }
}

function describeStep(step: StepResult): string {
  return (
    `commit ${fmt(step.commitMs, 2)} ms, paint ${fmt(step.paintMs, 2)} ms (next frame ${fmt(step.nextFrameMs, 2)} ms, ${step.frames} frame(s) first), ` +
    `${step.commits} commit(s) rendering ${fmt(step.renderMs, 2)} ms, ${fmt(step.rows)} rows in the DOM` +
    (Number.isNaN(step.rowRenders) ? '' : `, ${fmt(step.rowRenders)} row render(s)`)
  );
}

function median(values: readonly number[]): number {
  return spread(values).median;
}

/** One run's append figure: the median of its appends. */
function appendMedian(result: PageResult, get: (step: StepResult) => number): number {
  return median(result.appends.map(get));
}

async function run(options: SuiteOptions): Promise<SuiteReport> {
  const plan: Plan = { ...(options.quick ? quickPlan : fullPlan) };
  if (options.runs !== undefined) plan.runs = options.runs;
  if (options.messages !== undefined) plan.count = Math.max(...options.messages);
  const failures: string[] = [];
  const results: Record<ListName, PageResult[]> = { parley: [], chatscope: [] };
  let browserVersion = '?';
  let react = '?';
  let isolated = true;
  let gcBeforeSteps = true;

  if (!existsSync(chromiumPath)) {
    failures.push(`Chromium not found at ${chromiumPath} (Debian: apt-get install chromium); no browser is downloaded`);
    return { text: failures[0]!, markdown: '', failures };
  }
  const outDir = await mkdtemp(join(tmpdir(), 'parley-render-bench-'));
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  try {
    const started = Date.now();
    await buildPage(outDir, lists);
    options.log(`  bench page built with Vite (production, React profiling build) in ${fmt(Date.now() - started)} ms`);
    server = await serveStatic(outDir);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        // A full GC before each step, so one step's garbage is not collected during the next.
        '--js-flags=--expose-gc',
        '--disable-renderer-backgrounding',
        '--disable-background-timer-throttling',
        '--disable-backgrounding-occluded-windows',
      ],
    });
    browserVersion = browser.version();

    // A warm-up run per list (browser, HTTP and code caches), then runs alternating which list goes
    // first, so a drift in the machine's load falls on both alike.
    for (let runIndex = 0; runIndex <= plan.runs; runIndex++) {
      const order = runIndex % 2 === 0 ? lists : [...lists].reverse();
      for (const list of order) {
        const label = runIndex === 0 ? 'warm-up' : `run ${runIndex}`;
        try {
          const result = await measure(browser, server.url, list, plan);
          options.log(`  ${labels[list].padEnd(21)} ${label.padEnd(7)} first render of ${fmt(plan.count)}: ${describeStep(result.firstRender)}`);
          for (const [index, step] of result.appends.entries()) options.log(`  ${''.padEnd(29)} append ${index + 1}: ${describeStep(step)}`);
          options.log(`  ${''.padEnd(29)} remount: ${describeStep(result.remount)}`);
          react = result.react;
          isolated &&= result.crossOriginIsolated;
          gcBeforeSteps &&= result.gc;
          if (runIndex > 0) results[list].push(result);
        } catch (error) {
          const message = `${labels[list]}, ${label}: ${error instanceof Error ? error.message : String(error)}`;
          failures.push(message);
          options.log(`  FAILED: ${message}`);
        }
      }
    }
  } catch (error) {
    failures.push(`render benchmark: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }

  type Mount = 'firstRender' | 'remount';
  const mounts: Record<Mount, string> = { firstRender: 'first render (fresh page)', remount: 'remount (code warm)' };
  const first = (list: ListName, get: (step: StepResult) => number, mount: Mount = 'firstRender'): Spread =>
    spread(results[list].map((result) => get(result[mount])));
  const append = (list: ListName, get: (step: StepResult) => number): Spread => spread(results[list].map((result) => appendMedian(result, get)));
  const cell = (value: Spread, digits = 2) => fmtSpread(value, digits);

  const firstTable = table(
    ['list', 'mount', 'runs', 'commit ms (flushSync)', 'first paint ms', 'next frame ms (double rAF)', 'React commits until settled', 'render ms (Profiler)', 'rows in the DOM'],
    (['firstRender', 'remount'] as const).flatMap((mount) =>
      lists.map((list) => [
        labels[list],
        mounts[mount],
        String(results[list].length),
        cell(first(list, (step) => step.commitMs, mount)),
        cell(first(list, (step) => step.paintMs, mount)),
        cell(first(list, (step) => step.nextFrameMs, mount)),
        cell(first(list, (step) => step.commits, mount), 0),
        cell(first(list, (step) => step.renderMs, mount)),
        cell(first(list, (step) => step.rows, mount), 0),
      ]),
    ),
  );
  const appendTable = table(
    ['list', 'runs × appends', 'commit ms (flushSync)', 'to paint ms', 'next frame ms (double rAF)', 'React commits', 'render ms (Profiler)', 'rows in the DOM', 'row components rendered'],
    lists.map((list) => [
      labels[list],
      `${results[list].length} × ${plan.appends}`,
      cell(append(list, (step) => step.commitMs)),
      cell(append(list, (step) => step.paintMs)),
      cell(append(list, (step) => step.nextFrameMs)),
      cell(append(list, (step) => step.commits), 0),
      cell(append(list, (step) => step.renderMs)),
      cell(append(list, (step) => step.rows), 0),
      list === 'parley' ? cell(append(list, (step) => step.rowRenders), 0) : 'all (not memoized)',
    ]),
  );
  const ratioRow = (label: string, parley: number, chatscope: number, digits: number, goal: string, faster = true): string[] => [
    label,
    fmt(parley, digits),
    fmt(chatscope, digits),
    `${fmt(chatscope / parley, 1)}×${faster ? ' faster' : ' fewer'}`,
    goal,
  ];
  const ratioTable = table(
    ['measure (median of runs)', 'Parley', 'chatscope', 'chatscope / Parley', 'goal'],
    [
      ratioRow(`first render of ${fmt(plan.count)}: first paint ms`, first('parley', (s) => s.paintMs).median, first('chatscope', (s) => s.paintMs).median, 2, '≥ 30× faster'),
      ratioRow(`first render of ${fmt(plan.count)}: commit ms`, first('parley', (s) => s.commitMs).median, first('chatscope', (s) => s.commitMs).median, 2, ''),
      ratioRow(
        `remount of ${fmt(plan.count)} (code warm): first paint ms`,
        first('parley', (s) => s.paintMs, 'remount').median,
        first('chatscope', (s) => s.paintMs, 'remount').median,
        2,
        '',
      ),
      ratioRow('append one: commit ms', append('parley', (s) => s.commitMs).median, append('chatscope', (s) => s.commitMs).median, 2, '≥ 100× faster'),
      ratioRow('append one: to paint ms', append('parley', (s) => s.paintMs).median, append('chatscope', (s) => s.paintMs).median, 2, ''),
      ratioRow('rows in the DOM', append('parley', (s) => s.rows).median, append('chatscope', (s) => s.rows).median, 0, '', false),
    ],
  );

  const body = `### First render of ${fmt(plan.count)} messages\n\n${firstTable}\n\n### Appending one message to ${fmt(plan.count)}\n\n${appendTable}\n\n### Parley vs chatscope\n\n${ratioTable}`;
  const method =
    `Chromium ${browserVersion} (headless, \`${chromiumPath}\`, 1280×800, one page per measurement), React ${react} (production, ` +
    `react-dom/profiling so \`<Profiler>\` reports), @tanstack/react-virtual ${packageVersion('@tanstack/react-virtual', join(repoRoot, 'packages', 'ui'))}, ` +
    `@chatscope/chat-ui-kit-react ${packageVersion('@chatscope/chat-ui-kit-react')}. The bench page (bench/render/page) is built with Vite's JS API ` +
    `(workspace packages from source via the \`parley-source\` condition) and served from localhost with COOP/COEP (cross-origin isolated: ` +
    `${isolated ? 'yes, timers precise to ~5 µs' : 'no, timers coarsened to 100 µs'}). Both lists fill the same 400×640 px box with the same ` +
    `${fmt(plan.count)} messages (bench/lib/messages.ts). Parley as an app renders it: a real client (\`createClient\` over a push-only ` +
    `transport, bench/lib/pushTransport.ts) holds the chat in its store before the first render, \`<ParleyProvider client>\` around a screen ` +
    `that calls \`useMessages(chatId)\` and passes \`messages\` to \`<MessageList messages me users messageComponent>\` (the default MessageBubble ` +
    `wrapped in a memoized counter); an append is a \`message:received\` push, so transport → sequencer → store → hook → list is in every figure. ` +
    `chatscope: a chat component holds the messages in React state and appends with a new array, into \`<MessageList>\` with one ` +
    `\`<Message model>\` per message, as its docs show. Each step (the first render on the fresh page, then ${plan.appends} appends, ` +
    `then the chat with its appends mounted again in a new root with the code warm — the list's own cost without first-use compilation) starts in ` +
    `a requestAnimationFrame callback${gcBeforeSteps ? ' after a full GC' : ''}: "commit" is the wall time of the \`flushSync\` update (render, ` +
    `commit, layout effects, forced layouts); "paint" runs until the first frame showing the newest message fully inside the box has painted ` +
    `(checked and timed in a task posted from that frame's rAF callback, which runs after the frame's ResizeObserver callbacks and paint); "next frame" is the rAF after it (double rAF); commits and render ms come from a ` +
    `\`<Profiler>\` around the chat until no commit came for ${plan.settleMs} ms. A warm-up run per list, then ${plan.runs} measured run(s), ` +
    `alternating which list goes first: first render is median (min–max) over runs; append figures take each run's median append, then ` +
    `median (min–max) over runs.`;
  return { text: body, markdown: `${method}\n\n${body}`, failures };
}

export const renderSuite: Suite = {
  name: 'render',
  title: 'Rendering: a 10,000-message chat in Chromium (Parley through its store and hooks vs chatscope)',
  checks: 'every first render and append showed the newest message in view; no page errors',
  run,
};
