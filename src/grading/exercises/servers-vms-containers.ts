// Exercises of notebook 01-servers-vms-containers: density and scaling speed of the hosting models.
import { asFunction, compareWithReference } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";

/** How many containers of `perContainerMiB` fit on a host with `hostMiB`, after `reservedMiB` for the host itself. */
export function containersThatFit(hostMiB: number, perContainerMiB: number, reservedMiB: number): number {
  return Math.max(0, Math.floor((hostMiB - reservedMiB) / perContainerMiB));
}

/**
 * Whether `copies` new copies can be serving by `deadlineMs`, when `parallel` of them start at a
 * time and each start takes `startMs` (copies start in waves).
 */
export function scalesInTime(copies: number, startMs: number, parallel: number, deadlineMs: number): boolean {
  return Math.ceil(copies / parallel) * startMs <= deadlineMs;
}

export const serversVmsContainersExercises: Exercise[] = [
  {
    id: "01-density",
    title: "How many containers fit on a host?",
    check: (answer) =>
      compareWithReference({
        exercise: "01-density",
        title: "How many containers fit on a host?",
        learner: asFunction<[number, number, number], number>(answer, "howManyFit"),
        reference: containersThatFit,
        inputs: (fc) => fc.tuple(fc.integer({ min: 256, max: 65_536 }), fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 0, max: 4096 })),
        hint: "A container cannot be cut in half, and a host whose own needs eat the whole budget runs no containers at all.",
      }),
  },
  {
    id: "01-scale-in-time",
    title: "Can it scale out before the deadline?",
    check: (answer) =>
      compareWithReference({
        exercise: "01-scale-in-time",
        title: "Can it scale out before the deadline?",
        learner: asFunction<[number, number, number, number], boolean>(answer, "scalesInTime"),
        reference: scalesInTime,
        inputs: (fc) =>
          fc.tuple(
            fc.integer({ min: 1, max: 1000 }),
            fc.integer({ min: 1, max: 120_000 }),
            fc.integer({ min: 1, max: 100 }),
            fc.integer({ min: 1, max: 600_000 }),
          ),
        hint: "Copies start in waves of `parallel`; a wave that is only partly full still takes a whole start time.",
      }),
  },
];
