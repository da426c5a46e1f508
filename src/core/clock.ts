import { MinHeap } from "./min-heap.js";

/** A timer that can be cancelled before it fires. */
export interface Timer {
  cancel(): void;
}

/**
 * Where minicloud reads the time. Everything that waits, times out, bills or schedules goes through
 * a Clock, so the same code runs in real time in a lab and much faster than real time on a virtual clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds of this clock's time. */
  setTimer(ms: number, fn: () => void): Timer;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** The wall clock. */
export function createRealClock(): Clock {
  return {
    // Fractional milliseconds: Lambda reports durations to the hundredth of a millisecond.
    now: () => performance.timeOrigin + performance.now(),
    setTimer(ms, fn) {
      const handle = setTimeout(fn, Math.max(0, ms));
      return { cancel: () => clearTimeout(handle) };
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  };
}

/** A clock that moves only when told to: deterministic, and as fast as the code that uses it. */
export interface VirtualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order of due time. */
  advance(ms: number): Promise<void>;
  /** Moves time to `time`, firing every timer due by then. */
  advanceTo(time: number): Promise<void>;
  /** Fires timers in order until none is left (or `limit` have fired); returns how many fired. */
  runAll(limit?: number): Promise<number>;
  /** How many timers are waiting. */
  readonly pending: number;
}

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Timers fire by due time, then in creation order, so equal times fire first-come first-served. */
function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/** Lets promise callbacks queued by a fired timer run before the next timer fires. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Options for {@link createVirtualClock}. */
export interface VirtualClockOptions {
  /** Epoch ms to start at (default 2019-06-01T00:00:00Z, the course's year). */
  start?: number;
  /**
   * Jump to the next timer by itself whenever the program has nothing else to do (no pending
   * promise callbacks), so code that awaits a long sleep finishes at once, in virtual time.
   */
  autoAdvance?: boolean;
}

/**
 * A clock that moves only when told to, or, with `autoAdvance`, whenever everything is waiting on it.
 * @example const clock = createVirtualClock(); const done = clock.sleep(60_000); await clock.advance(60_000); await done;
 */
export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  let now = options.start ?? Date.UTC(2019, 5, 1);
  let kicked = false;
  let seq = 0;
  let live = 0;
  const heap = new MinHeap<Entry>(before);

  const setTimer = (ms: number, fn: () => void): Timer => {
    const entry: Entry = { due: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
    heap.push(entry);
    live++;
    kick();
    // A timer already due needs no time to pass: it runs on the next turn even if nobody advances the clock.
    if (ms <= 0) setImmediate(() => fireNext(now));
    return {
      cancel() {
        if (!entry.cancelled) {
          entry.cancelled = true;
          live--;
        }
      },
    };
  };

  const fireNext = (limit: number): boolean => {
    for (;;) {
      const next = heap.peek();
      if (next === undefined || next.due > limit) return false;
      heap.pop();
      if (next.cancelled) continue;
      next.cancelled = true;
      live--;
      now = Math.max(now, next.due);
      next.fn();
      return true;
    }
  };

  // setImmediate runs only once every queued promise callback has run: the moment everyone waits.
  function kick(): void {
    if (!options.autoAdvance || kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      if (fireNext(Number.POSITIVE_INFINITY)) kick();
    });
  }

  const advanceTo = async (time: number): Promise<void> => {
    await settle();
    while (fireNext(time)) await settle();
    now = Math.max(now, time);
  };

  return {
    now: () => now,
    setTimer,
    sleep: (ms) => new Promise((resolve) => setTimer(ms, resolve)),
    advance: (ms) => advanceTo(now + ms),
    advanceTo,
    async runAll(limit = Number.POSITIVE_INFINITY) {
      let fired = 0;
      await settle();
      while (fired < limit && fireNext(Number.POSITIVE_INFINITY)) {
        fired++;
        await settle();
      }
      return fired;
    },
    get pending() {
      return live;
    },
  };
}
