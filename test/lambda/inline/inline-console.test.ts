import { describe, expect, it } from "vitest";
import { holdConsole, withConsole } from "../../../src/lambda/inline/inline-console.js";

describe("the inline console", () => {
  it("sends an invocation's console lines to its sink, even after an await, and everything else to the console", async () => {
    const saved = console.log;
    const printed: string[] = [];
    const recorder = (...args: unknown[]): void => void printed.push(args.join(" "));
    console.log = recorder;
    const release = holdConsole();
    try {
      const sunk: string[] = [];
      console.log("outside", 1);
      await withConsole(
        (level, message) => sunk.push(`${level} ${message}`),
        async () => {
          console.log("inside %d", 2);
          await new Promise((r) => setTimeout(r, 1));
          console.warn({ later: true });
        },
      );
      expect(printed).toEqual(["outside 1"]);
      expect(sunk).toEqual(["INFO inside 2", "WARN { later: true }"]);
    } finally {
      release();
      release();
      expect(console.log).toBe(recorder);
      console.log = saved;
    }
  });

  it("patches once for several holders and gives the console back when the last lets go", () => {
    const saved = console.error;
    const first = holdConsole();
    const second = holdConsole();
    expect(console.error).not.toBe(saved);
    first();
    expect(console.error).not.toBe(saved);
    second();
    expect(console.error).toBe(saved);
  });
});
