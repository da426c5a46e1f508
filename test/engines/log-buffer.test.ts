import { describe, expect, it } from "vitest";
import { LogBuffer } from "../../src/engines/log-buffer.js";
import { LogDemuxer } from "../../src/engines/docker/log-demux.js";

describe("container logs", () => {
  it("splits output into lines, holding a partial line until its newline or the end", async () => {
    let t = 0;
    const buffer = new LogBuffer(() => ++t);
    buffer.write("stdout", "hel");
    buffer.write("stdout", "lo\nwor");
    buffer.write("stderr", "oops\n");
    expect(buffer.lines).toEqual([
      { time: 1, stream: "stdout", text: "hello" },
      { time: 2, stream: "stderr", text: "oops" },
    ]);
    const followed = (async () => {
      const seen: string[] = [];
      for await (const line of buffer.follow()) seen.push(line.text);
      return seen;
    })();
    buffer.write("stdout", "ld\n");
    buffer.write("stdout", "tail");
    buffer.close();
    expect(await followed).toEqual(["hello", "oops", "world", "tail"]);
  });

  it("reads Docker's multiplexed frames with timestamps, across chunk boundaries", () => {
    const frame = (stream: number, text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(body.length, 4);
      return Buffer.concat([header, body]);
    };
    const raw = Buffer.concat([frame(1, "2019-06-01T00:00:00.123456789Z hello\n"), frame(2, "2019-06-01T00:00:01.000000000Z oops\n")]);
    const demux = new LogDemuxer();
    const lines = [...demux.push(raw.subarray(0, 20)), ...demux.push(raw.subarray(20)), ...demux.end()];
    expect(lines).toEqual([
      { time: Date.parse("2019-06-01T00:00:00.123Z"), stream: "stdout", text: "hello" },
      { time: Date.parse("2019-06-01T00:00:01Z"), stream: "stderr", text: "oops" },
    ]);
  });
});
