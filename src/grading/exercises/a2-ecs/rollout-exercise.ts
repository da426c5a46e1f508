// a2-rollout (explain): what one step of a rolling deployment does — how many new tasks the service
// scheduler starts and how many old ones it stops, within minimumHealthyPercent and maximumPercent —
// checked against the scheduler's own rolloutStep, then played out for the student's service.
import { rolloutStep, type RolloutTask } from "../../../ecs/services/rollout.js";
import { playRollout } from "../ecs-operations.js";
import { generalThenYoursExercise } from "../general-then-yours.js";

type Args = [desired: number, minimumHealthyPercent: number, maximumPercent: number, oldTasks: number, newHealthy: number, newStarting: number];
type Step = { start: number; stop: number };

const HINT =
  "The floor is minimumHealthyPercent of desiredCount, rounded up; the ceiling is maximumPercent of it, rounded down. New tasks may start while the service stays under the ceiling and has fewer new tasks than desired; old tasks may stop while the healthy tasks left stay at or above the floor. A task started now is not healthy yet. Starting and stopping are decided from the same look at the service: room that a stop frees is used in the next step.";

/** Per student: a service and its deployment configuration (every combination finishes). */
const PARAMETERS = {
  desired: [4, 6, 8, 10],
  minimumHealthyPercent: [50, 75, 100],
  maximumPercent: [125, 150, 200],
};

/** How many tasks one scheduler step starts and stops, for a service whose old tasks are all healthy. */
export function stepCounts(...[desired, minimumHealthyPercent, maximumPercent, oldTasks, newHealthy, newStarting]: Args): Step {
  const task = (id: string, primary: boolean, healthy: boolean): RolloutTask => ({ id, primary, healthy, draining: false, zoneLoad: 0, instanceLoad: 0, createdAt: 0 });
  const tasks = [
    ...Array.from({ length: oldTasks }, (_, i) => task(`old-${i}`, false, true)),
    ...Array.from({ length: newHealthy }, (_, i) => task(`new-${i}`, true, true)),
    ...Array.from({ length: newStarting }, (_, i) => task(`starting-${i}`, true, false)),
  ];
  const { start, stop } = rolloutStep(tasks, desired, minimumHealthyPercent, maximumPercent);
  return { start, stop: stop.length };
}

export const rolloutExercise = generalThenYoursExercise<Args, Step, Step[]>({
  id: "a2-rollout",
  title: "One step of a rolling deployment",
  hint: HINT,
  parameters: PARAMETERS,
  general: "rolloutCounts",
  own: "yourRollout",
  reference: stepCounts,
  inputs: (fc) =>
    fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 25, 50, 75, 100), fc.constantFrom(100, 125, 150, 200))
      .chain(([d, lo, hi]) =>
        fc
          .tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }))
          .filter(([, healthy, starting]) => healthy + starting <= d)
          .map(([old, healthy, starting]): Args => [d, lo, hi, old, healthy, starting]),
      ),
  runs: 200,
  mine: (values) => {
    const { desired, minimumHealthyPercent: min, maximumPercent: max } = values as { desired: number; minimumHealthyPercent: number; maximumPercent: number };
    return {
      // The first step of the student's own deployment: all old, nothing new yet.
      examples: [[desired, min, max, desired, 0, 0]],
      expected: () => playRollout(desired, min, max).steps,
      describe: `your service: desiredCount ${desired}, minimumHealthyPercent ${min}, maximumPercent ${max}; new tasks turn healthy between steps`,
    };
  },
});
