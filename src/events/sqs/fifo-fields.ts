import { createHash } from "node:crypto";
import { MinicloudError } from "../../core/errors.js";
import { invalidSqsParameter as invalid, type FifoSettings } from "./queue-attributes.js";

/** What SendMessage may carry for ordering and deduplication. */
export interface FifoSendFields {
  /** FIFO queues (required): the message group, whose messages are received in order. Standard queues: a fair-queue tenant. */
  MessageGroupId?: string;
  /** FIFO queues: a token; a second message with the same one within five minutes is accepted but not delivered. */
  MessageDeduplicationId?: string;
  DelaySeconds?: number;
}

/** 1 to 128 of letters, digits and punctuation, as SQS takes group and deduplication ids. */
const ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

const notForThisQueue = (field: string, value: unknown) => invalid(field, `Value ${String(value)} for parameter ${field} is invalid. Reason: The request include parameter that is not valid for this queue type.`);

function checkId(field: string, value: unknown): string {
  if (typeof value !== "string" || !ID.test(value)) {
    throw invalid(field, `Value ${String(value)} for parameter ${field} is invalid. Reason: ${field} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
  return value;
}

/**
 * Checks a message's MessageGroupId and MessageDeduplicationId for its queue and answers the ones it
 * keeps. A FIFO queue needs a group, and a deduplication id unless it has content-based deduplication
 * (then the SHA-256 of the body, in hex); it takes no per-message delay. A standard queue takes a group
 * (fair queues) but no deduplication id.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
export function fifoSendFields(fifo: FifoSettings | undefined, request: FifoSendFields, body: string): { groupId?: string; deduplicationId?: string } {
  const groupId = request.MessageGroupId === undefined ? undefined : checkId("MessageGroupId", request.MessageGroupId);
  if (!fifo) {
    if (request.MessageDeduplicationId !== undefined) throw notForThisQueue("MessageDeduplicationId", request.MessageDeduplicationId);
    return groupId === undefined ? {} : { groupId };
  }
  if (request.DelaySeconds !== undefined) throw notForThisQueue("DelaySeconds", request.DelaySeconds);
  if (groupId === undefined) {
    throw new MinicloudError("MissingParameter", "The request must contain the parameter MessageGroupId. (Messages of one group are received in the order they were sent.)", { field: "MessageGroupId", statusCode: 400 });
  }
  if (request.MessageDeduplicationId !== undefined) return { groupId, deduplicationId: checkId("MessageDeduplicationId", request.MessageDeduplicationId) };
  if (!fifo.contentBasedDeduplication) {
    throw invalid("MessageDeduplicationId", "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
  }
  return { groupId, deduplicationId: createHash("sha256").update(body).digest("hex") };
}
