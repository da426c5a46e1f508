/** The kernel's stdout and stderr: what cells print, gathered and sent as `stream` messages. */
export interface OutputStreams {
  /** Sends what has been gathered now (before a display, a result or a reply, to keep the order). */
  flush(): void;
  /** Puts process.stdout and process.stderr back as they were. */
  restore(): void;
}

type Stream = "stdout" | "stderr";

/**
 * Takes over process.stdout and process.stderr. Writes are gathered and sent once per turn of the
 * event loop, so a loop that prints a thousand lines sends a few messages, not a thousand.
 */
export function createOutputStreams(send: (name: Stream, text: string) => void): OutputStreams {
  const pending: Record<Stream, string> = { stdout: "", stderr: "" };
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    for (const name of ["stdout", "stderr"] as const) {
      if (pending[name] !== "") {
        const text = pending[name];
        pending[name] = "";
        send(name, text);
      }
    }
  };
  const originals = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  const decoder = new TextDecoder();
  for (const name of ["stdout", "stderr"] as const) {
    process[name].write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
      pending[name] += typeof chunk === "string" ? chunk : decoder.decode(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") process.nextTick(done as () => void);
      return true;
    }) as typeof process.stdout.write;
  }
  return {
    flush,
    restore() {
      flush();
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
    },
  };
}
