// Code that runs inside the page. Timings are taken there with performance.now(), so the
// round trips between this process and Chromium never count towards a figure.
// Each function is serialised by Playwright: it may use only its argument and browser globals.

export interface Selectors {
  /** Any rendered row of the fleet table. */
  row: string;
  /** The part of the table view that changes when a filter applies (rows, counts). */
  tableScope: string;
  search: string;
  map: string;
}

export interface KeySample {
  ms: number;
  /** False when nothing on screen changed within the time allowed (the sample is left out). */
  changed: boolean;
}

export interface FrameReport {
  frames: number;
  elapsedMs: number;
  worstFrameMs: number;
  frameMs: number[];
}

export interface BenchState {
  /** The frame in which the first table row appeared (ms since navigation, or since arm()). */
  rowsAt: number | null;
  /** The next frame after a task queued at rowsAt ran: the page could take input by then. */
  responsiveAt: number | null;
  armedAt: number;
  longTasks: { start: number; duration: number }[];
  keys: KeySample[];
  arm(): void;
  startFrames(): void;
  stopFrames(): FrameReport;
}

declare global {
  interface Window {
    __uiBench?: BenchState;
  }
}

/** Installed before the app's scripts on every document (page.addInitScript). */
export function installProbes(sel: Selectors): void {
  let observer: MutationObserver | null = null;
  let counting = false;
  let frameTimes: number[] = [];

  /** The next frame after the main thread is free: a task, then a rAF, then a task (after paint). */
  const afterNextPaint = (done: (t: number) => void) => {
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => done(performance.now());
      ch.port2.postMessage(null);
    });
  };

  const state: BenchState = {
    rowsAt: null,
    responsiveAt: null,
    armedAt: 0,
    longTasks: [],
    keys: [],
    arm() {
      observer?.disconnect();
      state.rowsAt = null;
      state.responsiveAt = null;
      state.armedAt = performance.now();
      const check = () => {
        if (state.rowsAt !== null || !document.querySelector(sel.row)) return;
        observer?.disconnect();
        afterNextPaint((painted) => {
          state.rowsAt = painted;
          const ch = new MessageChannel();
          ch.port1.onmessage = () => afterNextPaint((t) => (state.responsiveAt = t));
          ch.port2.postMessage(null);
        });
      };
      observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true });
      check();
    },
    startFrames() {
      frameTimes = [];
      counting = true;
      const tick = (t: number) => {
        if (!counting) return;
        frameTimes.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      counting = false;
      const gaps = frameTimes.slice(1).map((t, i) => t - (frameTimes[i] ?? t));
      const first = frameTimes[0] ?? 0;
      const last = frameTimes[frameTimes.length - 1] ?? first;
      return { frames: Math.max(0, frameTimes.length - 1), elapsedMs: last - first, worstFrameMs: Math.max(0, ...gaps), frameMs: gaps };
    },
  };
  window.__uiBench = state;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Long-task timing is informative only; without it the figures stand.
  }

  // A keystroke in the search box: from its keydown to the first paint after the table changed.
  document.addEventListener(
    'keydown',
    (e) => {
      const input = document.querySelector(sel.search);
      if (!input || e.target !== input) return;
      const t0 = performance.now();
      const scopes = [...document.querySelectorAll(sel.tableScope)];
      let settled = false;
      const finish = (sample: KeySample) => {
        if (settled) return;
        settled = true;
        mo.disconnect();
        clearTimeout(timer);
        state.keys.push(sample);
      };
      const mo = new MutationObserver(() => {
        mo.disconnect();
        afterNextPaint((t) => finish({ ms: t - t0, changed: true }));
      });
      for (const s of scopes) mo.observe(s, { childList: true, subtree: true, characterData: true, attributes: true });
      const timer = setTimeout(() => finish({ ms: performance.now() - t0, changed: false }), 1500);
    },
    true,
  );

  state.arm();
}
