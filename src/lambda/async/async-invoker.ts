import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import type { InvokeResponse } from "../lambda-service.js";
import { DEFAULT_EVENT_INVOKE_CONFIG, type EventInvokeConfig, type InvocationRecord } from "./event-invoke-config.js";

/** AWS retries a failed asynchronous invocation after one minute, then after two more. */
const RETRY_DELAYS_MS = [60_000, 120_000];
/** Throttled and failed-to-start events are retried with backoff, starting here (capped at five minutes). */
const THROTTLE_BACKOFF_MS = 1_000;

/** An asynchronous event that ended without success and had no failure destination. */
export interface DroppedEvent {
  functionName: string;
  record: InvocationRecord;
}

/** A message for a queue or topic: an invocation record, or a failed event bound for a dead-letter queue. */
export interface TargetMessage {
  body: string;
  /** SQS/SNS message attributes (a dead-letter message carries RequestID, ErrorCode and ErrorMessage). */
  attributes?: Record<string, { DataType: "String" | "Number"; StringValue: string }>;
}

/** What the async invoker needs from the Lambda service. */
export interface AsyncInvokerOptions {
  clock: Clock;
  /** Multiplies AWS's fixed waits (retry delays, backoff); 1 is real time, 0.001 lets a notebook see retries at once. */
  timeScale: number;
  /** Runs one attempt synchronously; `throttled` when there was no concurrency for it. */
  attempt(functionName: string, payload: string, requestId: string): Promise<{ response: InvokeResponse } | { throttled: true }>;
  /** The function's event invoke config, ARN and dead-letter target, read at each attempt (they may change meanwhile). */
  settings(functionName: string): { config: EventInvokeConfig; functionArn: string; deadLetterTargetArn?: string } | undefined;
  /** Sends a message to a destination or dead-letter target (a function, queue or topic ARN); false when it is not there. */
  deliver(target: string, message: TargetMessage): Promise<boolean>;
}

/**
 * The message a dead-letter queue gets: the event as it was, with the request id and the error in
 * message attributes (ErrorMessage cut to 1 KB), as Lambda sends it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq
 */
function deadLetter(payload: string, requestId: string, condition: string, response: InvokeResponse | undefined): TargetMessage {
  const answer = response?.Payload?.transformToString();
  let errorMessage = condition === "EventAgeExceeded" ? "Event age exceeded the maximum event age" : "Unhandled";
  try {
    errorMessage = (JSON.parse(answer ?? "null") as { errorMessage?: string } | null)?.errorMessage ?? errorMessage;
  } catch {
    // Not JSON: keep the condition's words.
  }
  return {
    body: payload,
    attributes: {
      RequestID: { DataType: "String", StringValue: requestId },
      ErrorCode: { DataType: "Number", StringValue: String(response?.StatusCode ?? 200) },
      ErrorMessage: { DataType: "String", StringValue: Buffer.from(errorMessage).subarray(0, 1024).toString() },
    },
  };
}

/**
 * Lambda's asynchronous invocation (InvocationType "Event"): the event is queued and the caller gets
 * 202 at once; the event is then invoked, retried on function error (twice by default, one then two
 * minutes later), retried with backoff while throttled, and finally handed with its result to the
 * OnSuccess or OnFailure destination (and a failed event to the function's dead-letter queue). An event
 * with nowhere to go is kept in `dropped`, never silently lost.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
 */
export function createAsyncInvoker(options: AsyncInvokerOptions) {
  const { clock } = options;
  const dropped: DroppedEvent[] = [];
  let pending = 0;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const finishOne = (): void => {
    pending--;
    if (pending === 0) {
      for (const wake of waiters.splice(0)) wake();
    }
  };

  const run = async (functionName: string, payload: string, requestId: string): Promise<void> => {
    const enqueuedAt = clock.now();
    let attempts = 0;
    let backoff = THROTTLE_BACKOFF_MS;
    for (;;) {
      if (stopped) return;
      const settings = options.settings(functionName);
      if (settings === undefined) return; // the function was deleted: its queue goes with it
      const config = { ...DEFAULT_EVENT_INVOKE_CONFIG, ...settings.config };
      const record = (condition: InvocationRecord["requestContext"]["condition"], response?: InvokeResponse): InvocationRecord => {
        const text = response?.Payload?.transformToString();
        return {
          version: "1.0",
          timestamp: new Date(clock.now()).toISOString(),
          requestContext: { requestId, functionArn: `${settings.functionArn}:$LATEST`, condition, approximateInvokeCount: attempts },
          requestPayload: JSON.parse(payload),
          responseContext: { statusCode: response?.StatusCode ?? 200, executedVersion: "$LATEST", ...(response?.FunctionError ? { functionError: response.FunctionError } : {}) },
          responsePayload: text === undefined ? null : JSON.parse(text),
        };
      };
      // A failed event goes to the OnFailure destination and to the dead-letter queue (both, when both are set).
      const fail = async (condition: "RetriesExhausted" | "EventAgeExceeded", response?: InvokeResponse): Promise<void> => {
        const destination = config.DestinationConfig?.OnFailure?.Destination;
        const failure = record(condition, response);
        const deliveries: Promise<boolean>[] = [];
        if (destination) deliveries.push(options.deliver(destination, { body: JSON.stringify(failure) }));
        if (settings.deadLetterTargetArn) deliveries.push(options.deliver(settings.deadLetterTargetArn, deadLetter(payload, requestId, condition, response)));
        const delivered = await Promise.all(deliveries);
        if (!delivered.includes(true)) dropped.push({ functionName, record: failure });
      };
      if (clock.now() - enqueuedAt > config.MaximumEventAgeInSeconds * 1000) return fail("EventAgeExceeded");
      const result = await options.attempt(functionName, payload, requestId);
      if ("throttled" in result) {
        await clock.sleep(backoff * options.timeScale);
        backoff = Math.min(backoff * 2, 300_000);
        continue;
      }
      attempts++;
      if (!result.response.FunctionError) {
        const destination = config.DestinationConfig?.OnSuccess?.Destination;
        if (destination) await options.deliver(destination, { body: JSON.stringify(record("Success", result.response)) });
        return;
      }
      if (attempts > config.MaximumRetryAttempts) return fail("RetriesExhausted", result.response);
      await clock.sleep((RETRY_DELAYS_MS[attempts - 1] ?? 120_000) * options.timeScale);
    }
  };

  return {
    /** Events that failed with no OnFailure destination (AWS would discard them; here you can look). */
    dropped,
    /** Queues an event; returns its request id at once. */
    enqueue(functionName: string, payload: string): string {
      const requestId = randomUUID();
      pending++;
      void run(functionName, payload, requestId).finally(finishOne);
      return requestId;
    },
    /** Events queued or being retried. */
    get pending(): number {
      return pending;
    },
    /** Resolves when every queued event has been delivered, retried to the end, or given up. */
    settled(): Promise<void> {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    stop(): void {
      stopped = true;
      waiters = [];
    },
  };
}
