import type { Lambda } from "../lambda/lambda-service.js";
import type { Sns } from "./sns/sns-service.js";
import { asSqsAttributes, type SnsMessageAttributeValue as MessageAttributeValue } from "./sns/sns-message-attributes.js";
import type { Sqs } from "./sqs/sqs-service.js";

/** A message for a target: its body, and SQS/SNS message attributes. */
export interface TargetMessage {
  body: string;
  attributes?: Record<string, MessageAttributeValue>;
  /** For a FIFO queue: the message group, and the deduplication id (else the queue's content-based one applies). */
  messageGroupId?: string;
  deduplicationId?: string;
}

/** How a service hands a message to a target by ARN; false when it could not (see {@link deliverToTarget}). */
export type Deliver = (targetArn: string, message: TargetMessage) => Promise<boolean>;

/**
 * Delivers a message to a target named by ARN, as AWS services hand events to each other: a Lambda
 * function is invoked asynchronously with it, an SQS queue receives it, an SNS topic publishes it. This
 * is how SNS's subscribers, Lambda's destinations and dead-letter queues, EventBridge's targets and log
 * subscriptions are reached. Resolves false when there is no such target, or it refused the message (too
 * large); the caller keeps what was not delivered.
 */
export async function deliverToTarget(
  services: { lambda: Lambda; sqs: Sqs; sns: Sns },
  targetArn: string,
  message: TargetMessage,
): Promise<boolean> {
  const attributes = message.attributes && Object.keys(message.attributes).length > 0 ? { MessageAttributes: message.attributes } : {};
  try {
    if (targetArn.startsWith("arn:aws:lambda:")) {
      await services.lambda.invoke({ FunctionName: targetArn, InvocationType: "Event", Payload: message.body });
      return true;
    }
    if (targetArn.startsWith("arn:aws:sqs:")) {
      const QueueUrl = services.sqs.urlOfArn(targetArn);
      if (QueueUrl === undefined) return false;
      const sqsAttributes = message.attributes && Object.keys(message.attributes).length > 0 ? { MessageAttributes: asSqsAttributes(message.attributes) } : {};
      const fifo = {
        ...(message.messageGroupId !== undefined ? { MessageGroupId: message.messageGroupId } : {}),
        ...(message.deduplicationId !== undefined ? { MessageDeduplicationId: message.deduplicationId } : {}),
      };
      await services.sqs.sendMessage({ QueueUrl, MessageBody: message.body, ...sqsAttributes, ...fifo });
      return true;
    }
    if (targetArn.startsWith("arn:aws:sns:") && services.sns.hasTopic(targetArn)) {
      await services.sns.publish({ TopicArn: targetArn, Message: message.body, ...attributes });
      return true;
    }
  } catch {
    // Refused (e.g. over 256 KB) or not there: not delivered.
  }
  return false;
}
