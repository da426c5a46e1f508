import { randomBytes } from "node:crypto";
import { createRealClock, type Clock } from "../../core/clock.js";
import { logStreamName, timedOutError, type EnvironmentState, type ExecutionEnvironment } from "../environment-types.js";
import type { FunctionConfiguration } from "../function-config.js";
import type { LogStore } from "../logs/log-store.js";
import { MAX_RESPONSE_BYTES, type InvocationOutcome } from "../runtime-api/runtime-api-server.js";
import { callHandler, errorShape } from "./handler-call.js";
import { withConsole, type ConsoleSink } from "./inline-console.js";
import type { InlineHandler, LambdaContext } from "./types.js";

/** Options for {@link createInlineEnvironment}. */
export interface InlineEnvironmentOptions {
  /** The session's clock, for log times (run times are the wall clock's). */
  clock: Clock;
  logs: LogStore;
  config: FunctionConfiguration;
  handler: InlineHandler;
}

const MB = 1024 * 1024;
const TIMED_OUT = Symbol("timed out");
const MEMORY_SAMPLE_MS = 100;
const wallClock = createRealClock();

/**
 * An `inline` execution environment: the handler is a function value called in this process, with the
 * rules of an invocation kept — a context object, the event and the answer passed as JSON (never the
 * caller's objects), console lines in the function's log stream, the timeout. Without isolation, some
 * rules cannot hold, and the docs say so: a timed-out handler keeps running (its answer is dropped),
 * the memory size is not enforced, and Max Memory Used is this whole process's resident memory.
 */
export function createInlineEnvironment({ clock: sessionClock, logs, config, handler }: InlineEnvironmentOptions): ExecutionEnvironment {
  // The handler is real code running now: its run time and timeout are the wall clock's, even in a
  // session on a virtual clock (whose time jumps ahead while real code waits). Log times are the session's.
  const clock = wallClock;
  const created = clock.now();
  const id = randomBytes(16).toString("hex");
  const stream = logStreamName(sessionClock, config.Version, id);
  const group = `/aws/lambda/${config.FunctionName}`;
  // There is no code to load: INIT is only this environment's own set-up, reported on the first invocation.
  let initDurationMs: number | undefined = clock.now() - created;
  let maxMemoryBytes = 0;
  let memorySampledAt = -Infinity;

  const outcomeOf = (result: unknown): InvocationOutcome => {
    const body = JSON.stringify(result === undefined ? null : result);
    if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) {
      return { kind: "error", error: { errorType: "Function.ResponseSizeTooLarge", errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).` } };
    }
    return { kind: "response", body };
  };

  const environment: ExecutionEnvironment & { state: EnvironmentState; lastUsed: number } = {
    id,
    logStreamName: stream,
    isolation: "inline",
    state: "initializing",
    lastUsed: created,
    async invoke(requestId, payload, invokedFunctionArn) {
      environment.state = "busy";
      const timeoutMs = config.Timeout * 1000;
      const deadline = Date.now() + timeoutMs;
      const context: LambdaContext = {
        callbackWaitsForEmptyEventLoop: true,
        functionName: config.FunctionName,
        functionVersion: config.Version,
        invokedFunctionArn,
        memoryLimitInMB: String(config.MemorySize),
        awsRequestId: requestId,
        logGroupName: group,
        logStreamName: stream,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      };
      const sink: ConsoleSink = (level, message) => logs.put(group, stream, sessionClock.now(), `${new Date(sessionClock.now()).toISOString()}\t${requestId}\t${level}\t${message}`);
      const started = clock.now();
      let timer: { cancel(): void } | undefined;
      const timedOut = new Promise<typeof TIMED_OUT>((resolve) => (timer = clock.setTimer(timeoutMs, () => resolve(TIMED_OUT))));
      let outcome: InvocationOutcome;
      let lost = false;
      try {
        const event: unknown = JSON.parse(payload);
        const result = await Promise.race([withConsole(sink, () => callHandler(handler, event, context)), timedOut]);
        if (result === TIMED_OUT) {
          outcome = { kind: "error", error: timedOutError(requestId, config.Timeout) };
          lost = true;
        } else {
          outcome = outcomeOf(result);
        }
      } catch (error) {
        const shape = errorShape(error);
        sink("ERROR", `Invoke Error \t${JSON.stringify(shape)}`);
        outcome = { kind: "error", error: shape };
      }
      timer?.cancel();
      const durationMs = clock.now() - started;
      environment.lastUsed = clock.now();
      // Reading the resident size costs more than the rest of a warm invocation: sample it every 100 ms at most.
      if (environment.lastUsed - memorySampledAt > MEMORY_SAMPLE_MS) {
        maxMemoryBytes = Math.max(maxMemoryBytes, process.memoryUsage.rss());
        memorySampledAt = environment.lastUsed;
      }
      // As on AWS, a timed-out environment is not used again (here the handler may still be running).
      environment.state = lost ? "shut down" : "idle";
      const init = initDurationMs === undefined ? {} : { initDurationMs };
      initDurationMs = undefined;
      return { outcome, durationMs, ...init, maxMemoryUsedMB: Math.max(1, Math.ceil(maxMemoryBytes / MB)), environmentLost: lost };
    },
    async shutdown() {
      environment.state = "shut down";
    },
  };
  return environment;
}
