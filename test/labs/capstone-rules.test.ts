import { describe, expect, it } from "vitest";
import type { Task } from "minicloud";
import { desiredWorkers, isValidJob, reportFigures } from "../../src/labs/capstone/capstone-names.js";
import { peakRunning } from "../../src/labs/capstone/service-checkpoints.js";

describe("the capstone's rules", () => {
  it("accepts a job with a title and 1 to 1000 finite numbers, and nothing else", () => {
    expect(isValidJob({ title: "june sales", values: [120, 95.5, -3] })).toBe(true);
    expect(isValidJob({ title: "x".repeat(100), values: Array(1000).fill(1) })).toBe(true);
    for (const bad of [
      null,
      [],
      "title",
      { values: [1] },
      { title: "  ", values: [1] },
      { title: "x".repeat(101), values: [1] },
      { title: "t", values: [] },
      { title: "t", values: Array(1001).fill(1) },
      { title: "t", values: [1, "2"] },
      { title: "t", values: [1, Number.NaN] },
      { title: "t", values: [Infinity] },
      { title: 7, values: [1] },
    ]) {
      expect(isValidJob(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("reports count, sum, mean, min and max", () => {
    expect(reportFigures([3, 1, 4, 1, 5])).toEqual({ count: 5, sum: 14, mean: 2.8, min: 1, max: 5 });
  });

  it("asks for enough workers that each has its share of the backlog, within min and max", () => {
    expect(desiredWorkers(0, 5, 1, 6)).toBe(1);
    expect(desiredWorkers(11, 5, 1, 6)).toBe(3);
    expect(desiredWorkers(10, 5, 1, 6)).toBe(2);
    expect(desiredWorkers(500, 5, 1, 6)).toBe(6);
    expect(desiredWorkers(1, 5, 2, 6)).toBe(2);
  });

  it("finds the most tasks that ran at the same moment", () => {
    const at = (s: number): Date => new Date(Date.UTC(2025, 0, 1, 10, 0, s));
    const tasks: Task[] = [
      { startedAt: at(0), stoppedAt: at(10) },
      { startedAt: at(2), stoppedAt: at(5) },
      { startedAt: at(5), stoppedAt: at(8) }, // starts as the one before stops: that moment counts two, not three
      { startedAt: at(6) }, // still running
      { createdAt: at(1) }, // never started
    ];
    expect(peakRunning(tasks, at(20).getTime())).toBe(3);
    expect(peakRunning([], 0)).toBe(0);
  });
});
