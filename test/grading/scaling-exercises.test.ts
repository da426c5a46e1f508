import { describe, expect, it } from "vitest";
import { check } from "minicloud";

// Counterexample inputs read "perSecond = 40, runMs = 250": each value under the learner's name for it.
const args = (input: string): number[] => input.split(", ").map((named) => Number(named.split(" = ").pop()));

describe("exercises of notebook 05 (Lambda scaling)", () => {
  it("05-concurrency: Little's law rounded up passes; rounding to the nearest shows a load where it falls short", async () => {
    expect(await check("05-concurrency", (perSecond: number, runMs: number) => Math.ceil((perSecond * runMs) / 1000))).toMatchObject({ passed: true });
    const rounded = await check("05-concurrency", (perSecond: number, runMs: number) => Math.round((perSecond * runMs) / 1000));
    expect(rounded.passed).toBe(false);
    const [perSecond, runMs] = args(rounded.counterexample!.input);
    expect(Number(rounded.counterexample!.expected)).toBe(Math.ceil((perSecond! * runMs!) / 1000));
    expect(Number(rounded.counterexample!.actual)).toBeLessThan(Number(rounded.counterexample!.expected));
    expect(rounded.hint).toMatch(/Little's law/);
  });

  it("05-throttles: counting what the first burst still holds passes; forgetting it fails on overlapping bursts", async () => {
    const right = (first: number, second: number, gapMs: number, runMs: number, limit: number) => {
      const firstRan = Math.min(first, limit);
      const stillRunning = gapMs < runMs ? firstRan : 0;
      return first - firstRan + Math.max(0, second - (limit - stillRunning));
    };
    expect(await check("05-throttles", right)).toMatchObject({ passed: true });
    const forgetful = await check("05-throttles", (first: number, second: number, _gap: number, _run: number, limit: number) => Math.max(0, first - limit) + Math.max(0, second - limit));
    expect(forgetful.passed).toBe(false);
    const [first, second, gapMs, runMs, limit] = args(forgetful.counterexample!.input);
    expect(gapMs!).toBeLessThan(runMs!);
    expect(Number(forgetful.counterexample!.expected)).toBe(right(first!, second!, gapMs!, runMs!, limit!));
  });

  it("05-cold-starts: reclaiming at idleReclaimMs or more passes; a strict > is caught exactly at the limit", async () => {
    const count = (strict: boolean) => (timestampsMs: number[], runMs: number, idleReclaimMs: number) => {
      let cold = 0;
      timestampsMs.forEach((t, i) => {
        const idleFor = i === 0 ? Infinity : t - (timestampsMs[i - 1]! + runMs);
        if (strict ? idleFor > idleReclaimMs : idleFor >= idleReclaimMs) cold++;
      });
      return cold;
    };
    expect(await check("05-cold-starts", count(false))).toMatchObject({ passed: true });
    const strict = await check("05-cold-starts", count(true));
    expect(strict.passed).toBe(false);
    expect(Number(strict.counterexample!.expected)).toBe(Number(strict.counterexample!.actual) + 1);
    expect(strict.hint).toMatch(/idleReclaimMs or more/);
  });
});
