import type { Clock } from "../../core/clock.js";
import type { Lambda } from "../../lambda/lambda-service.js";
import type { Sqs } from "../sqs/sqs-service.js";
import { readBatchResponse, type BatchOutcome } from "./batch-response.js";
import type { EventSourceMappingConfiguration } from "./mapping-settings.js";

/** A mapping while it lives: its configuration, and whether its pollers should keep going. */
export interface MappingState {
  config: EventSourceMappingConfiguration;
  functionName: string;
  /** The function's execution role: Kinesis records name it as invokeIdentityArn. */
  role: string;
  /** False once the mapping is deleted or the session is over. */
  active: boolean;
  /** Wakes the mapping's sleeping pollers at once (so that stopping leaves no timer behind). */
  wakers: Set<() => void>;
}

/** Sleeps `ms` on the session's clock, or less if the mapping stops meanwhile. */
export function pause(clock: Clock, mapping: MappingState, ms: number): Promise<void> {
  if (!mapping.active) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = () => {
      timer.cancel();
      mapping.wakers.delete(wake);
      resolve();
    };
    const timer = clock.setTimer(ms, wake);
    mapping.wakers.add(wake);
  });
}

/** Stops a mapping's pollers: each finishes what it is doing and returns. */
export function stopMapping(mapping: MappingState): void {
  mapping.active = false;
  for (const wake of [...mapping.wakers]) wake();
}

/** What every poller works with. */
export interface PollerContext {
  clock: Clock;
  lambda: Lambda;
  sqs: Sqs;
  /** Multiplies the pollers' waits (idle polling, retry back-off), as Cloud's timeScale does. */
  timeScale: number;
}

/** Invokes the mapping's function synchronously with a batch event and reads the answer. */
export async function invokeBatch(context: PollerContext, mapping: MappingState, event: { Records: unknown[] }, identifiers: ReadonlySet<string>): Promise<BatchOutcome> {
  let outcome: BatchOutcome;
  try {
    const response = await context.lambda.invoke({ FunctionName: mapping.functionName, Payload: JSON.stringify(event) });
    outcome = readBatchResponse(response, mapping.config.FunctionResponseTypes.includes("ReportBatchItemFailures"), identifiers);
  } catch (error) {
    outcome = { kind: "not-invoked", reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  mapping.config.LastProcessingResult = outcome.kind === "success" || outcome.kind === "partial" ? "OK" : "PROBLEM: Function call failed";
  return outcome;
}

/** Waits while the mapping is disabled; false once it is gone. */
export async function whileDisabled(clock: Clock, mapping: MappingState): Promise<boolean> {
  while (mapping.active && mapping.config.State === "Disabled") await pause(clock, mapping, 100);
  return mapping.active;
}
