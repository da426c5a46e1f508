// What the trigger exercises share: a throwaway session for the learner's function, queues to read
// results from, and the invocation records Lambda's destinations deliver.
import { Cloud } from "../../cloud.js";
import type { InvocationRecord } from "../../lambda/async/event-invoke-config.js";

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
