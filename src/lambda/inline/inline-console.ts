import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";

/** Where an inline invocation's console lines go: level (INFO, WARN...) and the formatted message. */
export type ConsoleSink = (level: string, message: string) => void;

const LEVELS = [
  ["log", "INFO"],
  ["info", "INFO"],
  ["warn", "WARN"],
  ["error", "ERROR"],
  ["debug", "DEBUG"],
  ["trace", "TRACE"],
] as const;

type Method = (typeof LEVELS)[number][0];
const storage = new AsyncLocalStorage<ConsoleSink>();
let users = 0;
const originals = new Map<Method, (...args: unknown[]) => void>();
const patched = new Map<Method, (...args: unknown[]) => void>();

/**
 * Routes `console` calls made by inline handlers to their function's log stream, as the Node.js
 * runtime does in an execution environment. Calls made outside an inline invocation (the notebook's
 * own) go to the console as before. The console is patched while at least one user holds it; the
 * returned function gives it back.
 */
export function holdConsole(): () => void {
  if (users++ === 0) {
    for (const [method, level] of LEVELS) {
      const original = console[method] as (...args: unknown[]) => void;
      const replacement = (...args: unknown[]): void => {
        const sink = storage.getStore();
        if (sink) sink(level, format(...args));
        else original.apply(console, args);
      };
      originals.set(method, original);
      patched.set(method, replacement);
      console[method] = replacement;
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--users > 0) return;
    for (const [method] of LEVELS) {
      // Someone who patched the console after us keeps their patch.
      if (console[method] === patched.get(method)) console[method] = originals.get(method)!;
    }
    originals.clear();
    patched.clear();
  };
}

/** Runs `fn` so that the console calls it makes, now and in what it starts, go to `sink`. */
export function withConsole<T>(sink: ConsoleSink, fn: () => T): T {
  return storage.run(sink, fn);
}
