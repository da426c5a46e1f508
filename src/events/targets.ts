import { MinicloudError } from "../core/errors.js";
import type { Lambda } from "../lambda/lambda-service.js";
import type { Sns } from "./sns/sns-service.js";
import type { MessageAttributeValue } from "./sqs/message-attributes.js";
import type { Sqs } from "./sqs/sqs-service.js";

/**
 * Delivers a message to a target named by ARN, as AWS services hand events to each other: a Lambda
 * function is invoked asynchronously with it, an SQS queue receives it, an SNS topic publishes it. This
 * is how Lambda's destinations and dead-letter queues and EventBridge's targets reach them. Resolves
 * false when there is no such target, or it refused the message (too large); the caller keeps what was
 * not delivered.
 */
export async function deliverToTarget(
  services: { lambda: Lambda; sqs: Sqs; sns: Sns },
  targetArn: string,
  message: { body: string; attributes?: Record<string, MessageAttributeValue> },
): Promise<boolean> {
  const attributes = message.attributes && Object.keys(message.attributes).length > 0 ? { MessageAttributes: message.attributes } : {};
  try {
    if (targetArn.startsWith("arn:aws:lambda:")) {
      await services.lambda.invoke({ FunctionName: targetArn, InvocationType: "Event", Payload: message.body });
      return true;
    }
    if (targetArn.startsWith("arn:aws:sqs:")) {
      await services.sqs.sendMessage({ QueueUrl: queueUrl(services.sqs, targetArn), MessageBody: message.body, ...attributes });
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

/** The URL of a queue given by ARN, or SQS's error for a queue that does not exist. */
export function queueUrl(sqs: Sqs, queueArn: string): string {
  const url = sqs.urlOfArn(queueArn);
  if (url === undefined) throw new MinicloudError("AWS.SimpleQueueService.NonExistentQueue", `The specified queue does not exist: ${queueArn}.`, { field: "Endpoint", statusCode: 400 });
  return url;
}
