import type { LogLine } from "./types.js";

/**
 * The lines a container printed, kept in order, with followers woken for each new line.
 * Splits raw output into lines, holding a partial last line until its newline arrives (or the end).
 */
export class LogBuffer {
  readonly lines: LogLine[] = [];
  #partial: Record<LogLine["stream"], string> = { stdout: "", stderr: "" };
  #closed = false;
  #wake: (() => void)[] = [];
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Adds raw output from a stream. */
  write(stream: LogLine["stream"], chunk: string): void {
    const text = this.#partial[stream] + chunk;
    const parts = text.split("\n");
    this.#partial[stream] = parts.pop() ?? "";
    for (const part of parts) this.#push({ time: this.#now(), stream, text: part });
  }

  /** Flushes partial lines and ends every follower. */
  close(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.#partial[stream] !== "") this.#push({ time: this.#now(), stream, text: this.#partial[stream] });
      this.#partial[stream] = "";
    }
    this.#closed = true;
    this.#notify();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Every line so far, then each new one, until the buffer is closed. */
  async *follow(): AsyncGenerator<LogLine> {
    let next = 0;
    for (;;) {
      while (next < this.lines.length) yield this.lines[next++]!;
      if (this.#closed) return;
      await new Promise<void>((resolve) => this.#wake.push(resolve));
    }
  }

  #push(line: LogLine): void {
    this.lines.push(line);
    this.#notify();
  }

  #notify(): void {
    const waiting = this.#wake;
    this.#wake = [];
    for (const wake of waiting) wake();
  }
}
