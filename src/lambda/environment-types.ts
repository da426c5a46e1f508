import type { Clock } from "../core/clock.js";
import type { IsolationMode } from "./function-config.js";
import type { InvocationOutcome } from "./runtime-api/runtime-api-server.js";

/** Where an environment is in its life, in AWS's words. */
export type EnvironmentState = "initializing" | "idle" | "busy" | "shut down";

/** What one invocation in an environment gave. */
export interface EnvironmentInvocation {
  outcome: InvocationOutcome;
  durationMs: number;
  /** Set on the environment's first invocation: how long INIT took. */
  initDurationMs?: number;
  /** The environment's high-water mark so far, in MB. */
  maxMemoryUsedMB: number;
  /** True when the environment cannot serve again (timeout, crash, init error) and was shut down. */
  environmentLost: boolean;
}

/** An execution environment: serves one invocation at a time, warm between them, until shut down. */
export interface ExecutionEnvironment {
  readonly id: string;
  readonly logStreamName: string;
  /** `container` (an environment on the session's engine) or `inline` (a function value in this process). */
  readonly isolation: IsolationMode;
  readonly state: EnvironmentState;
  /** Epoch ms of the end of its last invocation (for reclaiming idle environments). */
  readonly lastUsed: number;
  invoke(requestId: string, payload: string, invokedFunctionArn: string): Promise<EnvironmentInvocation>;
  shutdown(): Promise<void>;
}

/** A log stream's name as Lambda makes it: `2024/05/01/[$LATEST]<environment id>`. */
export function logStreamName(clock: Clock, version: string, id: string): string {
  const day = new Date(clock.now()).toISOString().slice(0, 10).replace(/-/g, "/");
  return `${day}/[${version}]${id}`;
}

/** The message of a function that ran out of time, in AWS's words. */
export function timedOutError(requestId: string, timeoutSeconds: number): { errorType: string; errorMessage: string } {
  return { errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` };
}
