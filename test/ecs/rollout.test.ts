import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rolloutStep, type RolloutTask } from "minicloud";

// Drives a rolling deployment step by step: tasks the step starts become healthy before the next
// step, tasks it stops are gone. The invariants are ECS's promises for a service that starts healthy.
function rollout(desired: number, min: number, max: number): { lowestHealthy: number; highestTotal: number; steps: number; done: boolean } {
  let n = 0;
  let tasks: RolloutTask[] = Array.from({ length: desired }, () => ({ id: `old-${n++}`, primary: false, healthy: true, draining: false, zoneLoad: 0, instanceLoad: 0, createdAt: 0 }));
  let lowestHealthy = desired;
  let highestTotal = desired;
  for (let steps = 1; steps <= 100; steps++) {
    const step = rolloutStep(tasks, desired, min, max);
    tasks = tasks.filter((t) => !step.stop.includes(t.id));
    lowestHealthy = Math.min(lowestHealthy, tasks.filter((t) => t.healthy).length);
    for (let i = 0; i < step.start; i++) tasks.push({ id: `new-${n++}`, primary: true, healthy: false, draining: false, zoneLoad: 0, instanceLoad: 0, createdAt: steps });
    highestTotal = Math.max(highestTotal, tasks.length);
    tasks = tasks.map((t) => ({ ...t, healthy: true }));
    if (tasks.length === desired && tasks.every((t) => t.primary)) return { lowestHealthy, highestTotal, steps, done: true };
    if (step.start === 0 && step.stop.length === 0) return { lowestHealthy, highestTotal, steps, done: false };
  }
  return { lowestHealthy, highestTotal, steps: 100, done: false };
}

describe("rolling deployments", () => {
  it("never drop below minimumHealthyPercent nor exceed maximumPercent, and finish when the limits leave room", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 100, max: 200 }), (desired, min, max) => {
        const result = rollout(desired, min, max);
        expect(result.lowestHealthy).toBeGreaterThanOrEqual(Math.ceil((desired * min) / 100));
        expect(result.highestTotal).toBeLessThanOrEqual(Math.max(desired, Math.floor((desired * max) / 100)));
        // Progress needs room above (max > 100%) or below (min < 100%).
        const room = Math.floor((desired * max) / 100) > desired || Math.ceil((desired * min) / 100) < desired;
        expect(result.done).toBe(room);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("with 100%/200% starts the whole new set first, then stops the old one", () => {
    const old = Array.from({ length: 4 }, (_, i) => ({ id: `o${i}`, primary: false, healthy: true, draining: false, zoneLoad: 0, instanceLoad: 0, createdAt: 0 }));
    expect(rolloutStep(old, 4, 100, 200)).toEqual({ start: 4, stop: [] });
    // With 50%/100% it makes room by stopping half first.
    expect(rolloutStep(old, 4, 50, 100)).toEqual({ start: 0, stop: ["o0", "o1"] });
  });

  it("scales in from the most crowded zone first", () => {
    const tasks = [
      { id: "a1", zoneLoad: 3, instanceLoad: 2, createdAt: 1 },
      { id: "a2", zoneLoad: 3, instanceLoad: 2, createdAt: 2 },
      { id: "a3", zoneLoad: 3, instanceLoad: 1, createdAt: 3 },
      { id: "b1", zoneLoad: 1, instanceLoad: 1, createdAt: 4 },
    ].map((t) => ({ ...t, primary: true, healthy: true, draining: false }));
    expect(rolloutStep(tasks, 2, 100, 200).stop).toEqual(["a2", "a1"]);
  });
});
