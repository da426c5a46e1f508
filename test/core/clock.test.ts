import { describe, expect, it } from "vitest";
import { createRandom, createVirtualClock } from "minicloud";

describe("virtual clock", () => {
  it("fires timers in due order, equal times first come first served, and only when time moves", async () => {
    const clock = createVirtualClock({ start: 1000 });
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push("c"));
    clock.setTimer(10, () => fired.push("a"));
    clock.setTimer(10, () => fired.push("b"));
    const cancelled = clock.setTimer(20, () => fired.push("never"));
    cancelled.cancel();
    expect(clock.pending).toBe(3);
    await clock.advance(9);
    expect(fired).toEqual([]);
    await clock.advance(21);
    expect(fired).toEqual(["a", "b", "c"]);
    expect(clock.now()).toBe(1030);
  });

  it("lets a sleeping task continue and schedule more, all in virtual time", async () => {
    const clock = createVirtualClock({ start: 0 });
    const log: number[] = [];
    const task = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(60_000);
        log.push(clock.now());
      }
    })();
    expect(await clock.runAll()).toBe(3);
    await task;
    expect(log).toEqual([60_000, 120_000, 180_000]);
  });

  it("jumps ahead by itself when everyone waits on it (autoAdvance)", async () => {
    const clock = createVirtualClock({ start: 0, autoAdvance: true });
    const started = Date.now();
    await clock.sleep(3_600_000);
    expect(clock.now()).toBe(3_600_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("seeded random", () => {
  it("repeats exactly for a seed and differs between seeds", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
    expect(createRandom(1).hex(64)).toMatch(/^[0-9a-f]{64}$/);
  });
});
