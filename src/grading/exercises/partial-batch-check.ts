// The partial batch exercise: the learner's SQS handler runs behind a real event source mapping with
// ReportBatchItemFailures, and the check sees which messages the mapping deleted and which came back and
// ended in the dead-letter queue.
import { verdict, type CheckResult } from "../check-result.js";
import { MAPPING_FUNCTION_TIMEOUT_S, sendThroughMapping, withTriggerSession } from "./trigger-sandbox.js";

export const PARTIAL_BATCH_TITLE = "An SQS handler that reports exactly its failed messages";
const HINT =
  "Don't throw for one bad message — and remember that JSON.parse itself throws on a body that is not JSON: a throw fails the whole batch, good messages included. Return { batchItemFailures: [{ itemIdentifier: record.messageId }] } for each bad record, and process the others.";

/** Whether an order message is one the worker can process: a JSON object with a string orderId and a whole quantity above 0. */
export function isValidOrder(body: string): boolean {
  let order: unknown;
  try {
    order = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof order !== "object" || order === null) return false;
  const { orderId, quantity } = order as { orderId?: unknown; quantity?: unknown };
  return typeof orderId === "string" && orderId !== "" && Number.isInteger(quantity) && (quantity as number) > 0;
}

/** The check's messages: every third one is bad, so a handler that fails whole batches cannot get lucky. */
export async function orderMessages(seed: number, count: number): Promise<string[]> {
  const fc = await import("fast-check");
  const good = fc.record({ orderId: fc.integer({ min: 1, max: 9999 }).map((n) => `o-${n}`), quantity: fc.integer({ min: 1, max: 20 }) }).map((o) => JSON.stringify(o));
  const bad = fc.oneof(
    fc.constantFrom("hello", "{oops", "[]", "null", "42"),
    fc.record({ orderId: fc.integer({ min: 1, max: 9999 }).map((n) => `o-${n}`), quantity: fc.constantFrom(0, -1, 2.5, "3", null) }).map((o) => JSON.stringify(o)),
    fc.record({ quantity: fc.integer({ min: 1, max: 20 }) }).map((o) => JSON.stringify(o)),
  );
  const goods = fc.sample(good, { seed, numRuns: count });
  const bads = fc.sample(bad, { seed: seed + 1, numRuns: count });
  return Array.from({ length: count }, (_, i) => (i % 3 === 1 ? bads[i]! : goods[i]!));
}

const FATE = { deleted: "processed and deleted", back: "reported as failed: it came back, and ended in the dead-letter queue" };

/** Runs the handler behind a real mapping on generated order messages and compares each message's fate with what it should be. */
export async function checkPartialBatch(source: string, seed = 20190601, count = 30): Promise<CheckResult> {
  const result = (passed: boolean, message: string, extra: Partial<CheckResult> = {}): CheckResult => ({
    ...verdict("04-partial-batch", PARTIAL_BATCH_TITLE, passed, message, HINT, count),
    ...extra,
  });
  return withTriggerSession(async (cloud) => {
    await cloud.lambda.createFunction({ FunctionName: "order-worker", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: MAPPING_FUNCTION_TIMEOUT_S, Code: { Source: source } });
    const outcome = await sendThroughMapping(cloud, "order-worker", "orders", await orderMessages(seed, count));
    if ("stuck" in outcome) return result(false, outcome.stuck);
    const { sent, dead } = outcome;
    for (const [n, message] of sent.entries()) {
      const expected = isValidOrder(message.body) ? FATE.deleted : FATE.back;
      const actual = dead.has(message.id) ? FATE.back : FATE.deleted;
      if (expected !== actual) {
        return result(false, `Message ${n + 1} of ${count} ended differently from what it should:`, { counterexample: { input: message.body, expected, actual }, checks: n + 1 });
      }
    }
    return result(true, `All ${count} messages ended right: ${dead.size} bad ones in the dead-letter queue, the others processed and deleted.`);
  });
}
