import type { InvokeResponse } from "../../lambda/lambda-service.js";

/** How an invocation of a batch went, as a poller acts on it. */
export type BatchOutcome =
  /** Every record succeeded. */
  | { kind: "success" }
  /** The function reported these records (by item identifier) as failed; the others succeeded. */
  | { kind: "partial"; failed: Set<string> }
  /** The function failed (an error, a crash, a timeout, or a response Lambda cannot read): the whole batch failed. */
  | { kind: "function-error"; response: InvokeResponse }
  /** The function could not be invoked (throttled, deleted): nothing ran, nothing counts as a retry. */
  | { kind: "not-invoked"; reason: string };

/**
 * Reads a function's answer to a batch. Without ReportBatchItemFailures only success or failure counts.
 * With it, Lambda takes an empty or absent batchItemFailures as full success, and an item identifier that
 * is empty, missing, or not in the batch as failure of the whole batch.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
export function readBatchResponse(response: InvokeResponse, reportItemFailures: boolean, identifiers: ReadonlySet<string>): BatchOutcome {
  if (response.FunctionError) return { kind: "function-error", response };
  if (!reportItemFailures) return { kind: "success" };
  let answer: unknown;
  try {
    answer = JSON.parse(response.Payload?.transformToString() || "null");
  } catch {
    return { kind: "function-error", response };
  }
  const items = (answer as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (items === undefined || items === null) return { kind: "success" };
  if (!Array.isArray(items)) return { kind: "function-error", response };
  const failed = new Set<string>();
  for (const item of items) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || id === "" || !identifiers.has(id)) return { kind: "function-error", response };
    failed.add(id);
  }
  return failed.size === 0 ? { kind: "success" } : { kind: "partial", failed };
}
