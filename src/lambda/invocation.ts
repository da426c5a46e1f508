import type { Clock } from "../core/clock.js";
import { meter, type MeteredInvocation } from "./billing.js";
import type { ExecutionEnvironment } from "./execution-environment.js";
import type { VersionRecord } from "./function-store.js";
import type { LogStore } from "./logs/log-store.js";
import { endLine, reportLine, startLine } from "./logs/platform-lines.js";
import { payloadBlob, type PayloadBlob } from "./payload.js";

/** Invoke's response, in AWS's names. */
export interface InvokeResponse {
  StatusCode: number;
  Payload?: PayloadBlob;
  /** "Unhandled" when the function failed; the Payload then holds errorType and errorMessage. */
  FunctionError?: "Unhandled";
  ExecutedVersion?: string;
  LogResult?: string;
}

const LOG_TAIL_BYTES = 4096;

/** What running one invocation needs. */
export interface InvocationContext {
  clock: Clock;
  logs: LogStore;
  metered: MeteredInvocation[];
  version: VersionRecord;
  environment: ExecutionEnvironment;
  requestId: string;
  payload: string;
  invokedArn: string;
  tail: boolean;
}

/**
 * One synchronous invocation in a claimed environment: the platform's START line, the run, END and
 * REPORT (billed under today's rule), the meter entry, and AWS's response shape.
 */
export async function runInvocation(c: InvocationContext): Promise<{ response: InvokeResponse; environmentLost: boolean }> {
  const { clock, logs, version, environment, requestId } = c;
  const config = version.config;
  const group = `/aws/lambda/${config.FunctionName}`;
  const started = clock.now();
  const lines: string[] = [];
  const unsubscribe = c.tail
    ? logs.subscribe((g, s, event) => {
        if (g === group && s === environment.logStreamName) lines.push(event.message);
      })
    : undefined;
  logs.put(group, environment.logStreamName, started, startLine(requestId, config.Version));
  const result = await environment.invoke(requestId, c.payload, c.invokedArn);
  const init = result.initDurationMs !== undefined ? { initDurationMs: result.initDurationMs } : {};
  const metering = meter({ functionName: config.FunctionName, requestId, timestamp: started, durationMs: result.durationMs, ...init, memorySizeMB: config.MemorySize });
  c.metered.push(metering);
  logs.put(group, environment.logStreamName, clock.now(), endLine(requestId));
  const report = reportLine({ requestId, durationMs: result.durationMs, billedDurationMs: metering.billedDurationMs.current, memorySizeMB: config.MemorySize, maxMemoryUsedMB: result.maxMemoryUsedMB, ...init });
  // An inline function says so where a learner looks at every invocation; AWS's line has no such field.
  logs.put(group, environment.logStreamName, clock.now(), environment.isolation === "inline" ? `${report}Isolation: inline (no container)\t` : report);
  unsubscribe?.();
  const response: InvokeResponse = { StatusCode: 200, ExecutedVersion: config.Version };
  if (result.outcome.kind === "response") {
    response.Payload = payloadBlob(result.outcome.body);
  } else {
    response.FunctionError = "Unhandled";
    const { errorType, errorMessage, trace } = result.outcome.error;
    response.Payload = payloadBlob(JSON.stringify({ errorType, errorMessage, ...(trace ? { trace } : {}) }));
  }
  if (c.tail) {
    const text = Buffer.from(lines.map((l) => `${l}\n`).join(""));
    response.LogResult = text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString("base64");
  }
  return { response, environmentLost: result.environmentLost };
}
