// What the trigger exercises share: a throwaway session for the learner's function, queues to read
// results from, the invocation records Lambda's destinations deliver, and a run of messages through an
// SQS event source mapping with partial batch responses.
import { Cloud } from "../../cloud.js";
import type { InvocationRecord } from "../../lambda/async/event-invoke-config.js";
import { messagesIn } from "../../labs/capstone/probe-job.js";

/**
 * Runs `body` with a fresh session, removed afterwards whatever happens. Checks use the process engine:
 * they invoke a function dozens of times, and its millisecond cold starts keep a check to seconds.
 */
export async function withTriggerSession<T>(body: (cloud: Cloud) => Promise<T>): Promise<T> {
  const cloud = await Cloud.start({ engine: "process" });
  try {
    return await body(cloud);
  } finally {
    await cloud.shutdown();
  }
}

/** A queue's URL and ARN. */
export interface QueueRef {
  url: string;
  arn: string;
}

/** Creates a queue and answers its URL and ARN. */
export async function createQueue(cloud: Cloud, name: string, attributes: Record<string, string> = {}): Promise<QueueRef> {
  const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: name, Attributes: attributes });
  const arn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"];
  if (arn === undefined) throw new Error(`expected queue ${name} to have an ARN`);
  return { url: QueueUrl, arn };
}

/** The next invocation record a destination put in the queue, or undefined after `waitMs`. */
export async function nextInvocationRecord(cloud: Cloud, queueUrl: string, waitMs = 10_000): Promise<InvocationRecord | undefined> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const { Messages } = await cloud.sqs.receiveMessage({ QueueUrl: queueUrl, WaitTimeSeconds: 1 });
    const [message] = Messages;
    if (message !== undefined) {
      await cloud.sqs.deleteMessage({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle });
      return JSON.parse(message.Body) as InvocationRecord;
    }
  }
  return undefined;
}

/** Resolves true once `condition` holds, false if it still does not after `waitMs`. */
export async function until(condition: () => Promise<boolean>, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What became of messages sent through a mapping: each message's id and body in order, and the ids that ended in the dead-letter queue. */
export type MappingOutcome = { sent: { id: string; body: string }[]; dead: Set<string> } | { stuck: string };

/**
 * The timeout of a function behind {@link sendThroughMapping}, in seconds, and so the queue's visibility
 * timeout too: AWS refuses a mapping whose queue's visibility timeout is shorter than the function's
 * timeout (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html). Short, because a
 * check waits one visibility timeout for the failed messages to come back.
 */
export const MAPPING_FUNCTION_TIMEOUT_S = 2;

/**
 * Sends `bodies` to a new queue `queueName` that triggers `functionName` (batches of 10,
 * ReportBatchItemFailures; the function's timeout must be {@link MAPPING_FUNCTION_TIMEOUT_S}) and waits
 * until the queue is empty: a failed message comes back after the visibility timeout and, received once
 * already (maxReceiveCount 1), moves to `<queueName>-dlq`. Answers each message's fate, or, when some were
 * still queued after 20 s, what to look at.
 */
export async function sendThroughMapping(cloud: Cloud, functionName: string, queueName: string, bodies: string[]): Promise<MappingOutcome> {
  const dlq = await createQueue(cloud, `${queueName}-dlq`);
  const queue = await createQueue(cloud, queueName, {
    VisibilityTimeout: String(MAPPING_FUNCTION_TIMEOUT_S),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
  });
  await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: queue.arn, FunctionName: functionName, BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"] });
  const sent: { id: string; body: string }[] = [];
  for (let i = 0; i < bodies.length; i += 10) {
    const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(i + j), MessageBody }));
    const { Successful } = await cloud.sqs.sendMessageBatch({ QueueUrl: queue.url, Entries });
    for (const s of Successful) sent[Number(s.Id)] = { id: s.MessageId, body: bodies[Number(s.Id)]! };
  }
  if (!(await until(async () => (await messagesIn(cloud, queue.url)) === 0, 20_000))) {
    return {
      stuck: `${await messagesIn(cloud, queue.url)} of ${bodies.length} messages were still in the queue after 20 s: does the handler answer within its ${MAPPING_FUNCTION_TIMEOUT_S}-second timeout?`,
    };
  }
  const dead = new Set<string>();
  for (;;) {
    const { Messages } = await cloud.sqs.receiveMessage({ QueueUrl: dlq.url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 });
    if (Messages.length === 0) break;
    for (const m of Messages) dead.add(m.MessageId);
  }
  return { sent, dead };
}
