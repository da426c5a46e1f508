// The partial batch exercise: the learner's SQS handler runs behind a real event source mapping with
// ReportBatchItemFailures, and the check sees which messages the mapping deleted and which came back and
// ended in the dead-letter queue.
import { verdict, type CheckResult } from "../check-result.js";
import { createQueue, until, withTriggerSession } from "./trigger-sandbox.js";

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
    await cloud.lambda.createFunction({ FunctionName: "order-worker", Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 3, Code: { Source: source } });
    const dlq = await createQueue(cloud, "orders-dlq");
    // 3 s, so a right answer never times out on a busy grader's slow start; a failed message is back after
    // 3 s (no less than the function's timeout, as AWS requires), and moves to the dead-letter queue when
    // received a third time.
    const orders = await createQueue(cloud, "orders", { VisibilityTimeout: "3", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
    await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: orders.arn, FunctionName: "order-worker", BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"] });

    const bodies = await orderMessages(seed, count);
    const sent: { id: string; body: string }[] = [];
    for (let i = 0; i < bodies.length; i += 10) {
      const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(i + j), MessageBody }));
      const { Successful } = await cloud.sqs.sendMessageBatch({ QueueUrl: orders.url, Entries });
      for (const s of Successful) sent[Number(s.Id)] = { id: s.MessageId, body: bodies[Number(s.Id)]! };
    }
    const remaining = async (): Promise<number> => {
      const a = (await cloud.sqs.getQueueAttributes({ QueueUrl: orders.url })).Attributes;
      return Number(a["ApproximateNumberOfMessages"]) + Number(a["ApproximateNumberOfMessagesNotVisible"]) + Number(a["ApproximateNumberOfMessagesDelayed"]);
    };
    if (!(await until(async () => (await remaining()) === 0, 20_000))) {
      return result(false, `${await remaining()} of ${count} messages were still in the queue after 20 s: does the handler answer within its 3-second timeout?`);
    }
    const dead = new Set<string>();
    for (;;) {
      const { Messages } = await cloud.sqs.receiveMessage({ QueueUrl: dlq.url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 });
      if (Messages.length === 0) break;
      for (const m of Messages) dead.add(m.MessageId);
    }
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
