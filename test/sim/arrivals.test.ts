import { describe, expect, it } from "vitest";
import { arrivalTimes, createRandom } from "minicloud";

const DAY = 86_400_000;

describe("arrivalTimes", () => {
  it("spaces constant arrivals evenly from 0", () => {
    expect([...arrivalTimes({ type: "constant", perSecond: 4 }, 1000, createRandom(1))]).toEqual([0, 250, 500, 750]);
  });

  it("draws Poisson arrivals at the asked rate on average, sorted", () => {
    const times = arrivalTimes({ type: "poisson", perSecond: 200 }, 100_000, createRandom(3));
    // 20,000 expected; a Poisson count's standard deviation is √20,000 ≈ 141.
    expect(Math.abs(times.length - 20_000)).toBeLessThan(600);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });

  it("adds bursts on top of background traffic, all at once unless spread", () => {
    const times = arrivalTimes({ type: "bursts", bursts: [{ atMs: 500, count: 3 }, { atMs: 100, count: 2, spreadMs: 10 }] }, 1000, createRandom(1));
    expect(times).toHaveLength(5);
    expect([...times.slice(2)]).toEqual([500, 500, 500]);
    expect(times[0]!).toBeGreaterThanOrEqual(100);
    expect(times[1]!).toBeLessThan(110);
  });

  it("follows a day: busiest around the peak hour, quietest twelve hours later", () => {
    const times = arrivalTimes({ type: "daily", peakPerSecond: 10, troughPerSecond: 1, peakHour: 14 }, DAY, createRandom(2));
    const inHour = (h: number) => times.filter((t) => t >= h * 3_600_000 && t < (h + 1) * 3_600_000).length;
    expect(inHour(14)).toBeGreaterThan(30_000);
    expect(inHour(2)).toBeLessThan(6_000);
    expect(times.length).toBeGreaterThan(0.9 * 5.5 * 86_400);
  });

  it("replays a recorded trace in time order, dropping what falls after the end", () => {
    expect([...arrivalTimes({ type: "trace", timestampsMs: [30, 10, 20, 5000] }, 1000, createRandom(1))]).toEqual([10, 20, 30]);
    expect(() => arrivalTimes({ type: "trace", timestampsMs: [1, Number.NaN] }, 1000, createRandom(1))).toThrow(expect.objectContaining({ field: "arrivals.timestampsMs[1]" }));
  });

  it("repeats exactly for the same seed", () => {
    const draw = (seed: number) => arrivalTimes({ type: "poisson", perSecond: 5 }, 60_000, createRandom(seed));
    expect(draw(9)).toEqual(draw(9));
    expect(draw(9)).not.toEqual(draw(10));
  });
});
