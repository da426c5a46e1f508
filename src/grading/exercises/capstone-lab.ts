// Exercises of notebook 11-capstone-lab: the rule the API uses to refuse a bad job before it reaches the
// queue, and the scaling rule for a service of queue workers. The capstone lab's own rules are the oracle.
import { desiredWorkers, isValidJob, JOB_LIMITS } from "../../labs/capstone/capstone-names.js";
import type { Exercise } from "../exercise-registry.js";
import { comparisonExercise } from "./comparison-exercise.js";

export const capstoneLabExercises: Exercise[] = [
  comparisonExercise<[unknown], boolean>("11-valid-job", "Refuse a bad job at the door", "isValidJob", {
    reference: isValidJob,
    inputs: (fc) => {
      const title = fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom("", "   ", "x".repeat(JOB_LIMITS.title), "x".repeat(JOB_LIMITS.title + 1)),
        fc.integer(),
        fc.constant(null),
      );
      const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
      const value = fc.oneof({ weight: 4, arbitrary: finite }, fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean());
      const values = fc.oneof(
        { weight: 4, arbitrary: fc.array(finite, { minLength: 1, maxLength: 6 }) },
        { weight: 3, arbitrary: fc.array(value, { maxLength: 6 }) },
        fc.constantFrom([], Array<number>(JOB_LIMITS.values).fill(1), Array<number>(JOB_LIMITS.values + 1).fill(1)),
        fc.string({ maxLength: 5 }),
      );
      // Mostly whole jobs, where one detail decides; sometimes a key missing, or no job at all.
      const job = fc.oneof({ weight: 6, arbitrary: fc.record({ title, values }) }, fc.record({ title, values }, { requiredKeys: [] }));
      return fc.tuple(fc.oneof({ weight: 8, arbitrary: job }, fc.anything(), fc.array(fc.anything(), { maxLength: 2 })));
    },
    hint: "A job is an object (not null, not an array) whose title is text with something besides spaces, at most 100 characters, and whose values are an array of 1 to 1000 numbers, none of them NaN or ±Infinity (Number.isFinite).",
  }),
  comparisonExercise<[number, number, number, number], number>("11-desired-workers", "How many workers for this backlog?", "desiredWorkers", {
    reference: desiredWorkers,
    inputs: (fc) =>
      fc
        .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 15 }))
        .map(([backlog, perTask, min, extra]) => [backlog, perTask, min, min + extra] as [number, number, number, number]),
    hint: "Enough workers that each has about backlogPerTask messages: divide and round up (a part of a worker is a whole worker). Then keep the answer between min and max.",
  }),
];
