import { region } from "../../core/arn.js";
import { eventMessageAttributes } from "../sqs/message-attributes.js";
import type { SqsMessage } from "../sqs/sqs-service.js";
import { invokeBatch, pause, whileDisabled, type MappingState, type PollerContext } from "./mapping-state.js";

/** An SQS message as an SQS event record (`SQSRecord` in @types/aws-lambda). */
export function sqsEventRecord(message: SqsMessage, queueArn: string): Record<string, unknown> {
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: { ...message.Attributes },
    messageAttributes: eventMessageAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody,
    ...(message.MD5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region(),
  };
}

/**
 * One SQS poller: reads a batch (long polling, then filling it for up to the batching window), invokes
 * the function, and deletes what succeeded. What is not deleted comes back after the visibility timeout
 * (and moves to the dead-letter queue after maxReceiveCount), so delivery is at-least-once, as on AWS.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export async function runSqsPoller(context: PollerContext, mapping: MappingState): Promise<void> {
  const { clock, sqs } = context;
  while (await whileDisabled(clock, mapping)) {
    const { config } = mapping;
    const url = sqs.urlOfArn(config.EventSourceArn);
    if (url === undefined) return;
    const batch: SqsMessage[] = [];
    const windowEnds = clock.now() + config.MaximumBatchingWindowInSeconds * 1000;
    do {
      const request = { QueueUrl: url, MaxNumberOfMessages: Math.min(10, config.BatchSize - batch.length), WaitTimeSeconds: batch.length === 0 ? 1 : 0, MessageAttributeNames: ["All"] };
      const { Messages } = await sqs.receiveMessage(request).catch(() => ({ Messages: [] as SqsMessage[] }));
      batch.push(...Messages);
      if (Messages.length === 0 && batch.length > 0 && clock.now() < windowEnds) await pause(clock, mapping, Math.min(50, windowEnds - clock.now()));
    } while (batch.length > 0 && batch.length < config.BatchSize && clock.now() < windowEnds && mapping.active);
    if (batch.length === 0 || !mapping.active) continue;
    const event = { Records: batch.map((m) => sqsEventRecord(m, config.EventSourceArn)) };
    const outcome = await invokeBatch(context, mapping, event, new Set(batch.map((m) => m.MessageId)));
    // A failed batch is left alone: its messages come back when their visibility timeout ends.
    if (outcome.kind === "not-invoked") await pause(clock, mapping, 100);
    if (outcome.kind === "function-error" || outcome.kind === "not-invoked") continue;
    for (const message of batch) {
      if (outcome.kind === "success" || !outcome.failed.has(message.MessageId)) await sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }).catch(() => undefined);
    }
  }
}
