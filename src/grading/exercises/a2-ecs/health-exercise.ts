// a2-health (explain): when the ECS agent marks a container UNHEALTHY — and a service replaces its task —
// if every health check fails. The oracle is the agent's own health monitor, run on a virtual clock
// against a container whose check command fails at once, or hangs until the check's timeout.
import { createVirtualClock } from "../../../core/clock.js";
import type { ContainerEngine } from "../../../engines/types.js";
import { monitorHealth } from "../../../ecs/agent/health-monitor.js";
import { generalThenYoursExercise } from "../general-then-yours.js";

type Args = [interval: number, timeout: number, retries: number, startPeriod: number, hangs: boolean];

const HINT =
  "The first check runs interval seconds after the container starts, and each next one interval seconds after the previous one ended — a check that hangs ends only at its timeout. A failure counts only if it ends once the startPeriod is over; retries failures in a row make the container UNHEALTHY.";

/** Per student: a container's health check, and whether the broken app fails its check at once or hangs. */
const PARAMETERS = {
  interval: [10, 15, 30],
  timeout: [5, 10],
  retries: [2, 3, 5],
  startPeriod: [0, 20, 60],
  hangs: ["yes", "no"],
};

/** Seconds from the container's start until the agent marks it UNHEALTHY, when every check fails. */
export async function secondsToUnhealthy(...[interval, timeout, retries, startPeriod, hangs]: Args): Promise<number> {
  const clock = createVirtualClock({ start: 0 });
  // Only what the monitor uses of an engine: its name and exec, which fails at once or never answers.
  const engine = {
    name: "process",
    exec: () => (hangs ? new Promise<never>(() => {}) : Promise.resolve({ exitCode: 1, stdout: "", stderr: "" })),
  } as unknown as ContainerEngine;
  let unhealthyAt: number | undefined;
  const monitor = monitorHealth({
    engine,
    clock,
    containerId: "app",
    check: { command: ["CMD", "check"], interval, timeout, retries, startPeriod },
    onChange: (status) => {
      if (status === "UNHEALTHY") unhealthyAt = clock.now();
    },
  });
  for (let fired = 0; unhealthyAt === undefined; fired++) {
    if (fired > 10_000) throw new Error("expected a check that always fails to make the container UNHEALTHY");
    await clock.runAll(1);
  }
  monitor.stop();
  return unhealthyAt / 1000;
}

export const healthExercise = generalThenYoursExercise<Args, number, number>({
  id: "a2-health",
  title: "When is a failing container UNHEALTHY?",
  hint: HINT,
  parameters: PARAMETERS,
  general: "secondsToUnhealthy",
  own: "yourSeconds",
  reference: secondsToUnhealthy,
  // ECS's ranges: interval 5–300 s, timeout 2–60 s, retries 1–10, startPeriod 0–300 s.
  inputs: (fc) => fc.tuple(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 150 }), fc.boolean()),
  runs: 150,
  mine: (values) => {
    const { interval, timeout, retries, startPeriod, hangs } = values as { interval: number; timeout: number; retries: number; startPeriod: number; hangs: string };
    const mine: Args = [interval, timeout, retries, startPeriod, hangs === "yes"];
    return {
      examples: [mine],
      expected: () => secondsToUnhealthy(...mine),
      describe: `your health check: interval ${interval} s, timeout ${timeout} s, retries ${retries}, startPeriod ${startPeriod} s; the check ${hangs === "yes" ? "hangs" : "fails at once"}`,
    };
  },
});
