import type { Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import type { TaskRecord } from "./agent/task-record.js";
import { copy, type EcsState } from "./ecs-state.js";
import type { Task } from "./ecs-types.js";

/**
 * Waits until `done` holds for every task, like the SDK's ECS waiters: `done` answers true (this one
 * is there), false (not yet) or a reason the wait can never succeed.
 */
export function waitFor(
  state: EcsState,
  refs: string[],
  timeoutMs: number,
  waiter: string,
  done: (task: Task) => boolean | string,
  find: (ref: string) => TaskRecord | undefined,
): Promise<Task[]> {
  if (!Array.isArray(refs) || refs.length === 0) {
    return Promise.reject(new MinicloudError("InvalidParameterException", "tasks must list at least one task ARN or id.", { field: "tasks" }));
  }
  const records = refs.map((ref) => find(ref));
  const missing = refs.find((_, i) => !records[i]);
  if (missing !== undefined) return Promise.reject(new MinicloudError("InvalidParameterException", `The referenced task was not found: ${missing}.`, { field: "tasks" }));
  const look = (): boolean | string => {
    const verdicts = records.map((r) => done((r as TaskRecord).task));
    return verdicts.find((v): v is string => typeof v === "string") ?? verdicts.every((v) => v === true);
  };
  return waitUntil(state.clock, state.taskListeners, timeoutMs, waiter, look, () => records.map((r) => copy((r as TaskRecord).task)));
}

/**
 * The SDK waiters' loop: re-evaluates `look` whenever `listeners` are told something changed, until it
 * answers true (resolve with `result()`), a reason the wait can never succeed (WaiterFailure) or the
 * clock reaches `timeoutMs` (TimeoutError).
 */
export function waitUntil<T>(
  clock: Clock,
  listeners: { add(listener: () => void): unknown; delete(listener: () => void): unknown },
  timeoutMs: number,
  waiter: string,
  look: () => boolean | string,
  result: () => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error): void => {
      listeners.delete(check);
      timer.cancel();
      if (error) reject(error);
      else resolve(result());
    };
    const check = (): void => {
      const verdict = look();
      if (typeof verdict === "string") finish(new MinicloudError("WaiterFailure", `Waiter ${waiter} failed: ${verdict}`));
      else if (verdict) finish();
    };
    const timer = clock.setTimer(timeoutMs, () => finish(new MinicloudError("TimeoutError", `Waiter ${waiter} timed out after ${timeoutMs / 1000} s.`)));
    listeners.add(check);
    check();
  });
}
