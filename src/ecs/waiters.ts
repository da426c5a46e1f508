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
  return new Promise((resolve, reject) => {
    const finish = (error?: Error): void => {
      state.taskListeners.delete(look);
      timer.cancel();
      if (error) reject(error);
      else resolve(records.map((r) => copy((r as TaskRecord).task)));
    };
    const look = (): void => {
      const verdicts = records.map((r) => done((r as TaskRecord).task));
      const failure = verdicts.find((v): v is string => typeof v === "string");
      if (failure) finish(new MinicloudError("WaiterFailure", `Waiter ${waiter} failed: ${failure}`));
      else if (verdicts.every((v) => v === true)) finish();
    };
    const timer = state.clock.setTimer(timeoutMs, () => finish(new MinicloudError("TimeoutError", `Waiter ${waiter} timed out after ${timeoutMs / 1000} s.`)));
    state.taskListeners.add(look);
    look();
  });
}
