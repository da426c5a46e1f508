import type { Clock, Timer } from "../../core/clock.js";
import { nextFireTime, type ScheduleExpression } from "../schedules/schedule-expression.js";

/** Long waits are taken a day at a time (a Node timer cannot wait more than 24.8 days). */
const LONGEST_TIMER_MS = 86_400_000;

/** A schedule rule's timing: its expression, when its rate periods count from, and its pending timer. */
export interface ScheduleTiming {
  schedule: ScheduleExpression;
  /** When a `rate(...)` rule counts its periods from (created or last enabled). */
  anchor: number;
  timer?: Timer;
}

/**
 * Sets the timer for the next firing after `after` (none when the schedule has no next time), cancelling
 * the previous one. `fire` gets the scheduled time, so a virtual clock fires each rule at its exact minute.
 */
export function armSchedule(clock: Clock, timing: ScheduleTiming, after: number, fire: (due: number) => void): void {
  timing.timer?.cancel();
  delete timing.timer;
  const due = nextFireTime(timing.schedule, after, timing.anchor);
  if (due === undefined) return;
  const wait = (): void => {
    const left = due - clock.now();
    timing.timer = clock.setTimer(Math.min(left, LONGEST_TIMER_MS), () => (left > LONGEST_TIMER_MS ? wait() : fire(due)));
  };
  wait();
}

/** Cancels a schedule's pending timer. */
export function disarmSchedule(timing: ScheduleTiming | undefined): void {
  timing?.timer?.cancel();
  if (timing) delete timing.timer;
}
