// The bench page's measuring half, shared by both lists: it renders a chat into a fixed box, appends
// messages one at a time, and times each step with React's <Profiler>, performance.now() around
// flushSync, and requestAnimationFrame for the paint. The driver (bench/render/index.ts) calls `run`.
import { Profiler, useLayoutEffect, useState, version } from 'react';
import type { ComponentType, ProfilerOnRenderCallback, ReactElement } from 'react';
import { flushSync } from 'react-dom';
// The build aliases this to react-dom/profiling: a production build whose <Profiler> still reports.
import { createRoot } from 'react-dom/client';
import type { Message } from '@parley/protocol';
import { benchMessage } from '../../lib/messages';
import { pageGlobal } from '../protocol';
import type { ListName, PageOptions, PageResult, RenderBenchPage, StepResult } from '../protocol';
import './bench.css';

export interface ListProps {
  /** Oldest first; a new array per change, earlier messages keep their identity. */
  messages: readonly Message[];
}

/** A chat as a list's page holds it: what to render, and how a new message reaches it. */
export interface PreparedChat {
  /** The chat with every message it holds now (the first render, and the remount after the appends). */
  element(): ReactElement;
  /** One new message, as the page's app receives it; called inside the timed `flushSync`. */
  append(message: Message): void;
}

export interface ListUnderTest {
  name: ListName;
  /**
   * Sets up the chat holding `initial` before anything is timed (the messages a chat screen already has
   * when it mounts): the app's own state for a plain list, the client's store for Parley.
   */
  prepare(chatId: string, initial: readonly Message[]): Promise<PreparedChat>;
  /** Classes for the box the list fills (a theme root, for instance). */
  boxClass?: string;
  /** Matches each message row element, to count them. */
  rowSelector: string;
  /** The row element of the message at `index`, if it is in the DOM — cheaply, as this runs inside the timed frames. */
  rowAt(box: HTMLElement, index: number): Element | null;
  /** Row components rendered so far, when the list can count them. */
  rowRenders?: () => number;
}

const chatId = 'render-bench';
const gc = (globalThis as { gc?: () => void }).gc;

const counters = { commits: 0, renderMs: 0, lastCommitAt: 0 };
const onRender: ProfilerOnRenderCallback = (_id, _phase, actualDuration) => {
  counters.commits += 1;
  counters.renderMs += actualDuration;
  counters.lastCommitAt = performance.now();
};

let appendMessage: ((message: Message) => void) | undefined;

/** The state owner, as a chat screen without a store is: a new array per message. */
function Chat({ initial, List }: { initial: readonly Message[]; List: ComponentType<ListProps> }) {
  const [messages, setMessages] = useState(initial);
  useLayoutEffect(() => {
    appendMessage = (message) => setMessages((current) => [...current, message]);
    return () => {
      appendMessage = undefined;
    };
  }, []);
  return <List messages={messages} />;
}

/** A list fed from the app's own React state (`useState`, a new array per message): chatscope's way. */
export function stateChat(List: ComponentType<ListProps>): ListUnderTest['prepare'] {
  return (_chatId, initial) => {
    let held = initial;
    return Promise.resolve({
      element: () => <Chat initial={held} List={List} />,
      append(message) {
        if (!appendMessage) throw new Error('the chat is not mounted');
        held = [...held, message];
        appendMessage(message);
      },
    });
  };
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));

interface Painted {
  paint: number;
  nextFrame: number;
  frames: number;
}

/**
 * Resolves once a frame that showed `shows()` has been painted. Called from the requestAnimationFrame
 * callback that changed the DOM, so that frame is checked first. A task posted from a frame's rAF
 * callback runs after the frame's rendering (style, layout, ResizeObserver callbacks, paint), so its
 * time is the paint's end, and the DOM it finds is the one that frame painted: the check runs there,
 * not in the rAF callback, since ResizeObserver callbacks run between the two and may still move rows
 * (a list that measures rows from its observer scrolls to the end there).
 */
function whenPainted(shows: () => boolean, deadline: number): Promise<Painted> {
  return new Promise((resolve, reject) => {
    let frames = 0;
    const afterFrame = () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const paint = performance.now();
        channel.port1.close();
        if (shows()) {
          requestAnimationFrame(() => resolve({ paint, nextFrame: performance.now(), frames }));
        } else if (paint > deadline) {
          reject(new Error(`the newest message was not in view after ${frames} frames`));
        } else {
          frames += 1;
          requestAnimationFrame(afterFrame);
        }
      };
      channel.port2.postMessage(null);
    };
    afterFrame();
  });
}

/** Waits until no React commit happened for `settleMs` (the list's own follow-up renders are part of a step). */
async function settle(settleMs: number, deadline: number): Promise<void> {
  for (;;) {
    const now = await nextFrame();
    if (now - counters.lastCommitAt >= settleMs) return;
    if (now > deadline) throw new Error(`the list was still committing ${Math.round(now - counters.lastCommitAt)} ms before the deadline`);
  }
}

function fullyInView(box: HTMLElement, row: Element | null): boolean {
  if (!row) return false;
  const outer = box.getBoundingClientRect();
  const rect = row.getBoundingClientRect();
  return rect.height > 0 && rect.top >= outer.top - 1 && rect.bottom <= outer.bottom + 1;
}

/** One step — the first render, or one append — started at the beginning of a frame. */
async function step(list: ListUnderTest, box: HTMLElement, label: string, change: () => void, newest: number, options: PageOptions): Promise<StepResult> {
  gc?.();
  await nextFrame();
  counters.commits = 0;
  counters.renderMs = 0;
  const rowRendersBefore = list.rowRenders?.() ?? NaN;
  const { start, commitMs, painted } = await new Promise<{ start: number; commitMs: number; painted: Painted }>((resolve, reject) => {
    requestAnimationFrame(() => {
      const start = performance.now();
      try {
        flushSync(change);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const commitMs = performance.now() - start;
      whenPainted(() => fullyInView(box, list.rowAt(box, newest)), start + options.stepTimeoutMs).then(
        (painted) => resolve({ start, commitMs, painted }),
        reject,
      );
    });
  });
  // For a trace of the page (DevTools, chrome://tracing): the step as a user-timing measure.
  performance.measure(`${list.name} ${label}`, { start, end: painted.paint });
  await settle(options.settleMs, start + options.stepTimeoutMs);
  return {
    commitMs,
    paintMs: painted.paint - start,
    nextFrameMs: painted.nextFrame - start,
    frames: painted.frames,
    commits: counters.commits,
    renderMs: counters.renderMs,
    rows: box.querySelectorAll(list.rowSelector).length,
    rowRenders: (list.rowRenders?.() ?? NaN) - rowRendersBefore,
  };
}

async function run(list: ListUnderTest, options: PageOptions): Promise<PageResult> {
  const box = document.getElementById('root');
  if (!box) throw new Error('the page has no #root');
  if (list.boxClass) box.classList.add(list.boxClass);
  const messages = Array.from({ length: options.count }, (_, index) => benchMessage(chatId, index + 1));
  const chat = await list.prepare(chatId, messages);
  const tree = () => (
    <Profiler id={list.name} onRender={onRender}>
      {chat.element()}
    </Profiler>
  );
  const root = createRoot(box);
  const firstRender = await step(list, box, 'first render', () => root.render(tree()), options.count - 1, options);
  const appends: StepResult[] = [];
  for (let index = options.count; index < options.count + options.appends; index++) {
    const message = benchMessage(chatId, index + 1);
    appends.push(await step(list, box, `append #${index + 1}`, () => chat.append(message), index, options));
  }
  // The same chat (now with the appended messages) mounted again in a new root: the code is compiled
  // and warm by now, so this is the list's own cost, without the page's first-use compilation that
  // the first render pays.
  root.unmount();
  const again = createRoot(box);
  const held = options.count + options.appends;
  const remount = await step(list, box, 'remount', () => again.render(tree()), held - 1, options);
  again.unmount();
  return { list: list.name, count: options.count, firstRender, appends, remount, react: version, crossOriginIsolated, gc: gc !== undefined };
}

/** Makes the page's benchmark callable from the driver. */
export function exposeBench(list: ListUnderTest): void {
  const page: RenderBenchPage = { run: (options) => run(list, options) };
  Object.assign(globalThis, { [pageGlobal]: page });
}
