import { createHash, randomUUID } from "node:crypto";
import { ACCOUNT_ID, arn, region } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import { attributesSize, md5OfMessageAttributes, validateMessageAttributes, type MessageAttributeValue } from "./message-attributes.js";

/** A message as ReceiveMessage returns it. */
export interface SqsMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes: { ApproximateReceiveCount: string; SentTimestamp: string; SenderId: string; ApproximateFirstReceiveTimestamp: string };
  /** Only the attributes asked for with MessageAttributeNames (`["All"]` for every one). */
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MD5OfMessageAttributes?: string;
}

interface StoredMessage {
  id: string;
  body: string;
  md5: string;
  attributes?: Record<string, MessageAttributeValue>;
  sent: number;
  visibleAt: number;
  receiveCount: number;
  firstReceive?: number;
  receipt?: string;
}

interface Queue {
  name: string;
  arn: string;
  url: string;
  visibilityTimeoutS: number;
  retentionS: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
  messages: StoredMessage[];
}

/** SQS caps a message at 256 KB. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
const NAME = /^[a-zA-Z0-9_-]{1,80}$/;

function invalid(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValue", message, { field, statusCode: 400 });
}

function integerAttribute(attributes: Record<string, string> | undefined, name: string, min: number, max: number, fallback: number): number {
  const raw = attributes?.[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`Attributes.${name}`, `Invalid value for the parameter ${name}: must be a whole number from ${min} to ${max}; got ${raw}.`);
  return value;
}

/**
 * minicloud's SQS (standard queues): send, receive with long polling, delete; a visibility timeout
 * that returns unacknowledged messages to the queue; ApproximateReceiveCount; retention; and a redrive
 * policy that moves a message to its dead-letter queue after maxReceiveCount receives.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
export function createSqs(options: { clock: Clock }) {
  const { clock } = options;
  const queues = new Map<string, Queue>();
  const byArn = new Map<string, Queue>();

  const queueOf = (url: string): Queue => {
    const name = url.split("/").pop() ?? "";
    const queue = queues.get(name);
    if (!queue) {
      throw new MinicloudError("AWS.SimpleQueueService.NonExistentQueue", `The specified queue does not exist: ${url}. Create it with createQueue first.`, { field: "QueueUrl", statusCode: 400 });
    }
    return queue;
  };

  /** Drops expired messages and moves over-received ones to the dead-letter queue. */
  const tidy = (queue: Queue, now: number): void => {
    queue.messages = queue.messages.filter((m) => now - m.sent < queue.retentionS * 1000);
  };

  /** The attributes a receive asked for by name, "All", ".*" or a "prefix.*". */
  const pickAttributes = (message: StoredMessage, names: string[]): Pick<SqsMessage, "MessageAttributes" | "MD5OfMessageAttributes"> => {
    const wanted = (name: string) => names.some((n) => n === "All" || n === ".*" || n === name || (n.endsWith(".*") && name.startsWith(n.slice(0, -1))));
    const picked = Object.fromEntries(Object.entries(message.attributes ?? {}).filter(([name]) => wanted(name)));
    return Object.keys(picked).length === 0 ? {} : { MessageAttributes: structuredClone(picked), MD5OfMessageAttributes: md5OfMessageAttributes(picked) };
  };

  const take = (queue: Queue, max: number, visibilityS: number, attributeNames: string[]): SqsMessage[] => {
    const now = clock.now();
    tidy(queue, now);
    const out: SqsMessage[] = [];
    for (const message of [...queue.messages]) {
      if (out.length >= max) break;
      if (message.visibleAt > now) continue;
      if (queue.redrive && message.receiveCount >= queue.redrive.maxReceiveCount) {
        const dlq = byArn.get(queue.redrive.deadLetterTargetArn);
        queue.messages = queue.messages.filter((m) => m !== message);
        // The message keeps its id, body and timestamps in the dead-letter queue, as SQS does.
        const { receipt: _old, ...moved } = message;
        dlq?.messages.push({ ...moved, visibleAt: now });
        continue;
      }
      message.receiveCount++;
      message.firstReceive ??= now;
      message.visibleAt = now + visibilityS * 1000;
      message.receipt = `${message.id}#${randomUUID()}`;
      out.push({
        MessageId: message.id,
        ReceiptHandle: message.receipt,
        MD5OfBody: message.md5,
        Body: message.body,
        Attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(Math.floor(message.sent)),
          SenderId: ACCOUNT_ID,
          ApproximateFirstReceiveTimestamp: String(Math.floor(message.firstReceive)),
        },
        ...pickAttributes(message, attributeNames),
      });
    }
    return out;
  };

  const send = (queue: Queue, body: unknown, delayS = 0, attributes?: Record<string, MessageAttributeValue>) => {
    if (typeof body !== "string" || body.length === 0) throw invalid("MessageBody", "The request must contain the parameter MessageBody (a non-empty string).");
    validateMessageAttributes(attributes, { errorName: "InvalidParameterValue", max: 10 });
    if (Buffer.byteLength(body) + attributesSize(attributes) > MAX_MESSAGE_BYTES) {
      throw invalid("MessageBody", `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes (the body and its message attributes together).`);
    }
    const md5 = createHash("md5").update(body).digest("hex");
    const now = clock.now();
    const hasAttributes = attributes !== undefined && Object.keys(attributes).length > 0;
    const message: StoredMessage = { id: randomUUID(), body, md5, ...(hasAttributes ? { attributes: structuredClone(attributes) } : {}), sent: now, visibleAt: now + delayS * 1000, receiveCount: 0 };
    queue.messages.push(message);
    return { MessageId: message.id, MD5OfMessageBody: md5, ...(hasAttributes ? { MD5OfMessageAttributes: md5OfMessageAttributes(attributes!) } : {}) };
  };

  const sqs = {
    /** CreateQueue (standard queues). Attributes as strings, as the API takes them. */
    async createQueue(request: { QueueName: string; Attributes?: Record<string, string> }): Promise<{ QueueUrl: string }> {
      if (typeof request.QueueName !== "string" || !NAME.test(request.QueueName)) {
        throw invalid("QueueName", `Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length: "${request.QueueName}".`);
      }
      const existing = queues.get(request.QueueName);
      if (existing) return { QueueUrl: existing.url };
      const attributes = request.Attributes;
      let redrive: Queue["redrive"];
      if (attributes?.["RedrivePolicy"] !== undefined) {
        const policy = JSON.parse(attributes["RedrivePolicy"]) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
        const maxReceiveCount = Number(policy.maxReceiveCount);
        if (!policy.deadLetterTargetArn || !byArn.has(policy.deadLetterTargetArn)) {
          throw invalid("Attributes.RedrivePolicy", `Value ${attributes["RedrivePolicy"]} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
        }
        if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
          throw invalid("Attributes.RedrivePolicy", "Value for parameter RedrivePolicy is invalid. Reason: maxReceiveCount must be a whole number from 1 to 1000.");
        }
        redrive = { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount };
      }
      const queue: Queue = {
        name: request.QueueName,
        arn: arn("sqs", request.QueueName),
        url: `https://sqs.${region()}.amazonaws.com/${ACCOUNT_ID}/${request.QueueName}`,
        visibilityTimeoutS: integerAttribute(attributes, "VisibilityTimeout", 0, 43_200, 30),
        retentionS: integerAttribute(attributes, "MessageRetentionPeriod", 60, 1_209_600, 345_600),
        ...(redrive ? { redrive } : {}),
        messages: [],
      };
      queues.set(queue.name, queue);
      byArn.set(queue.arn, queue);
      return { QueueUrl: queue.url };
    },

    /** GetQueueUrl. */
    async getQueueUrl(request: { QueueName: string }): Promise<{ QueueUrl: string }> {
      return { QueueUrl: queueOf(request.QueueName).url };
    },

    /** GetQueueAttributes: the queue's ARN and its approximate message counts. */
    async getQueueAttributes(request: { QueueUrl: string }): Promise<{ Attributes: Record<string, string> }> {
      const queue = queueOf(request.QueueUrl);
      const now = clock.now();
      tidy(queue, now);
      return {
        Attributes: {
          QueueArn: queue.arn,
          ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
          ApproximateNumberOfMessagesNotVisible: String(queue.messages.filter((m) => m.visibleAt > now).length),
          VisibilityTimeout: String(queue.visibilityTimeoutS),
          MessageRetentionPeriod: String(queue.retentionS),
          ...(queue.redrive ? { RedrivePolicy: JSON.stringify(queue.redrive) } : {}),
        },
      };
    },

    /** SendMessage, with up to 10 message attributes. */
    async sendMessage(request: {
      QueueUrl: string;
      MessageBody: string;
      DelaySeconds?: number;
      MessageAttributes?: Record<string, MessageAttributeValue>;
    }): Promise<{ MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string }> {
      return send(queueOf(request.QueueUrl), request.MessageBody, request.DelaySeconds ?? 0, request.MessageAttributes);
    },

    /** SendMessageBatch: up to 10 entries; each succeeds or fails on its own. */
    async sendMessageBatch(request: { QueueUrl: string; Entries: { Id: string; MessageBody: string; MessageAttributes?: Record<string, MessageAttributeValue> }[] }) {
      const queue = queueOf(request.QueueUrl);
      if (!Array.isArray(request.Entries) || request.Entries.length === 0 || request.Entries.length > 10) {
        throw new MinicloudError("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "A batch holds 1 to 10 entries.", { field: "Entries", statusCode: 400 });
      }
      const Successful: { Id: string; MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string }[] = [];
      const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
      for (const entry of request.Entries) {
        try {
          Successful.push({ Id: entry.Id, ...send(queue, entry.MessageBody, 0, entry.MessageAttributes) });
        } catch (error) {
          Failed.push({ Id: entry.Id, SenderFault: true, Code: (error as MinicloudError).name, Message: (error as Error).message });
        }
      }
      return { Successful, Failed };
    },

    /** ReceiveMessage: up to 10 visible messages, waiting up to WaitTimeSeconds for some to arrive (long polling). */
    async receiveMessage(request: {
      QueueUrl: string;
      MaxNumberOfMessages?: number;
      WaitTimeSeconds?: number;
      VisibilityTimeout?: number;
      /** Which message attributes to return: names, `prefix.*`, or `["All"]`. */
      MessageAttributeNames?: string[];
    }): Promise<{ Messages: SqsMessage[] }> {
      const queue = queueOf(request.QueueUrl);
      const max = request.MaxNumberOfMessages ?? 1;
      if (!Number.isInteger(max) || max < 1 || max > 10) throw invalid("MaxNumberOfMessages", `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10.`);
      const wait = request.WaitTimeSeconds ?? 0;
      if (!(wait >= 0 && wait <= 20)) throw invalid("WaitTimeSeconds", `Value ${wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20.`);
      const deadline = clock.now() + wait * 1000;
      for (;;) {
        const messages = take(queue, max, request.VisibilityTimeout ?? queue.visibilityTimeoutS, request.MessageAttributeNames ?? []);
        if (messages.length > 0 || clock.now() >= deadline) return { Messages: messages };
        await clock.sleep(Math.min(50, deadline - clock.now()));
      }
    },

    /** DeleteMessage: acknowledges a received message by its receipt handle. */
    async deleteMessage(request: { QueueUrl: string; ReceiptHandle: string }): Promise<void> {
      const queue = queueOf(request.QueueUrl);
      queue.messages = queue.messages.filter((m) => m.receipt !== request.ReceiptHandle);
    },

    /** ChangeMessageVisibility: how long until a received message is visible again (0 = at once). */
    async changeMessageVisibility(request: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }): Promise<void> {
      const message = queueOf(request.QueueUrl).messages.find((m) => m.receipt === request.ReceiptHandle);
      if (!message) throw new MinicloudError("ReceiptHandleIsInvalid", `The receipt handle is not valid (or its message was deleted): ${request.ReceiptHandle}.`, { field: "ReceiptHandle", statusCode: 400 });
      message.visibleAt = clock.now() + request.VisibilityTimeout * 1000;
    },

    /** The queue an ARN names (for event source mappings), or undefined. */
    urlOfArn(queueArn: string): string | undefined {
      return byArn.get(queueArn)?.url;
    },
  };
  return sqs;
}

/** minicloud's SQS service (see {@link createSqs}). */
export type Sqs = ReturnType<typeof createSqs>;
