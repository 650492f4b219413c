// What the rendering benchmark's driver (bench/render/index.ts, Node) and its bench page
// (bench/render/page, Chromium) share: the page puts a `RenderBenchPage` on `globalThis` under
// `pageGlobal`, and the driver calls it through playwright's `page.evaluate`. Types only, no DOM.

export type ListName = 'parley' | 'chatscope';

export const pageGlobal = '__renderBench';

export interface PageOptions {
  /** Messages in the chat before the first render. */
  count: number;
  /** Messages appended one at a time after it. */
  appends: number;
  /** The list counts as settled once this long passed without a React commit. */
  settleMs: number;
  /** Give up on one step (first render, one append) after this long. */
  stepTimeoutMs: number;
}

/** What a step (the first render, one append) costs; times in milliseconds from its start. */
export interface StepResult {
  /** The synchronous update: render, commit and layout effects (flushSync), wall time. */
  commitMs: number;
  /**
   * Until the first frame showing the newest message (in the DOM and fully inside the list's box)
   * was painted: a task posted from that frame's requestAnimationFrame runs after its paint, and checks
   * the DOM that frame painted (ResizeObserver callbacks included).
   */
  paintMs: number;
  /** The requestAnimationFrame after that frame (the double-rAF reading of the same moment). */
  nextFrameMs: number;
  /** Frames rendered before that one. */
  frames: number;
  /** React commits under the <Profiler> from the step's start until the list settled. */
  commits: number;
  /** Their render time (<Profiler> actualDuration), summed. */
  renderMs: number;
  /** Row elements in the DOM once settled. */
  rows: number;
  /** Row components rendered (Parley only: its `messageComponent` counts); NaN where not counted. */
  rowRenders: number;
}

export interface PageResult {
  list: ListName;
  count: number;
  /** The first render on a fresh page: what a user waits for (the page's code is not compiled yet). */
  firstRender: StepResult;
  appends: StepResult[];
  /** After the appends, the original chat mounted again in a new root, with the code warm. */
  remount: StepResult;
  react: string;
  /** performance.now() is precise to ~5 µs only when the page is cross-origin isolated (COOP + COEP). */
  crossOriginIsolated: boolean;
  /** A full GC ran before each step (Chromium started with --js-flags=--expose-gc). */
  gc: boolean;
}

export interface RenderBenchPage {
  run(options: PageOptions): Promise<PageResult>;
}
