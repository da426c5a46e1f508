import type { LogLine } from "../types.js";

/**
 * Splits Docker's multiplexed log stream (8-byte frame headers: stream id, 3 zero bytes, big-endian
 * length) into lines, each prefixed by the RFC 3339 timestamp Docker adds with `timestamps: true`.
 */
export class LogDemuxer {
  #pending = Buffer.alloc(0);
  #partial: Record<LogLine["stream"], string> = { stdout: "", stderr: "" };

  /** Feeds raw bytes; returns the complete lines they finish. */
  push(chunk: Buffer): LogLine[] {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    const lines: LogLine[] = [];
    while (this.#pending.length >= 8) {
      const size = this.#pending.readUInt32BE(4);
      if (this.#pending.length < 8 + size) break;
      const stream = this.#pending[0] === 2 ? "stderr" : "stdout";
      const text = this.#partial[stream] + this.#pending.subarray(8, 8 + size).toString("utf8");
      this.#pending = this.#pending.subarray(8 + size);
      const parts = text.split("\n");
      this.#partial[stream] = parts.pop() ?? "";
      for (const part of parts) lines.push(parseLine(stream, part));
    }
    return lines;
  }

  /** Lines left without a final newline. */
  end(): LogLine[] {
    const rest = (["stdout", "stderr"] as const).filter((s) => this.#partial[s] !== "").map((s) => parseLine(s, this.#partial[s]));
    this.#partial = { stdout: "", stderr: "" };
    return rest;
  }
}

function parseLine(stream: LogLine["stream"], raw: string): LogLine {
  const space = raw.indexOf(" ");
  const time = Date.parse(raw.slice(0, space));
  return Number.isNaN(time) ? { time: Date.now(), stream, text: raw } : { time, stream, text: raw.slice(space + 1) };
}
