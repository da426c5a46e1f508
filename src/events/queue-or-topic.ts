import { MinicloudError } from "../core/errors.js";
import type { Sns } from "./sns/sns-service.js";
import type { MessageAttributeValue } from "./sqs/message-attributes.js";
import type { Sqs } from "./sqs/sqs-service.js";

/**
 * Sends a message to an SQS queue or an SNS topic named by ARN — how Lambda's destinations and
 * dead-letter queues, and SNS's sqs subscriptions, reach them. Resolves false when there is no such
 * queue or topic, or it refused the message (too large); the caller keeps what was not delivered.
 */
export async function sendToQueueOrTopic(
  services: { sqs: Sqs; sns: Sns },
  targetArn: string,
  message: { body: string; attributes?: Record<string, MessageAttributeValue> },
): Promise<boolean> {
  const attributes = message.attributes && Object.keys(message.attributes).length > 0 ? { MessageAttributes: message.attributes } : {};
  try {
    if (targetArn.startsWith("arn:aws:sqs:")) {
      await services.sqs.sendMessage({ QueueUrl: queueUrl(services.sqs, targetArn), MessageBody: message.body, ...attributes });
      return true;
    }
    if (targetArn.startsWith("arn:aws:sns:") && services.sns.hasTopic(targetArn)) {
      await services.sns.publish({ TopicArn: targetArn, Message: message.body, ...attributes });
      return true;
    }
  } catch {
    // Refused (e.g. over 256 KB) or gone: not delivered.
  }
  return false;
}

/** The URL of a queue given by ARN, or SQS's error for a queue that does not exist. */
export function queueUrl(sqs: Sqs, queueArn: string): string {
  const url = sqs.urlOfArn(queueArn);
  if (url === undefined) throw new MinicloudError("AWS.SimpleQueueService.NonExistentQueue", `The specified queue does not exist: ${queueArn}.`, { field: "Endpoint", statusCode: 400 });
  return url;
}
