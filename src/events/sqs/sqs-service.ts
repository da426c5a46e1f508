import { createHash, randomUUID } from "node:crypto";
import { ACCOUNT_ID, arn, region } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import { copyMessageAttributes, md5OfMessageAttributes, selectMessageAttributes, validateMessageAttributes, type MessageAttributeValue } from "./message-attributes.js";
import { fifoSendFields, type FifoSendFields } from "./fifo-fields.js";
import { FifoMessageQueue } from "./fifo-message-queue.js";
import { MessageQueue, type StoredMessage } from "./message-queue.js";
import type { MessageStore } from "./message-store.js";
import { invalidSqsParameter as invalid, isFifoRequest, readQueueAttributes, validateQueueName, type QueueSettings } from "./queue-attributes.js";

/** A message as ReceiveMessage returns it. */
export interface SqsMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes: {
    ApproximateReceiveCount: string;
    SentTimestamp: string;
    SenderId: string;
    ApproximateFirstReceiveTimestamp: string;
    /** FIFO queues: the message's group, deduplication id and sequence number (the group also on fair standard queues). */
    MessageGroupId?: string;
    MessageDeduplicationId?: string;
    SequenceNumber?: string;
  };
  /** Present when the message has attributes and MessageAttributeNames asked for them. */
  MessageAttributes?: Record<string, MessageAttributeValue>;
  /** The MD5 of all the message's attributes (present when it has some). */
  MD5OfMessageAttributes?: string;
}

/** SendMessage's request, in AWS's names. */
export interface SendMessageRequest extends FifoSendFields {
  QueueUrl: string;
  MessageBody: string;
  /** 0–900 s before the message becomes visible (default: the queue's DelaySeconds; FIFO queues take only the queue's). */
  DelaySeconds?: number;
  /** Up to 10 typed attributes that travel beside the body. */
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

interface Queue extends QueueSettings {
  name: string;
  arn: string;
  url: string;
  messages: MessageStore;
}

/** Options for {@link createSqs}. */
export interface SqsOptions {
  clock: Clock;
  /**
   * Where the queues' API answers, e.g. `http://127.0.0.1:41234`: queue URLs point there, because the
   * SQS client sends a request to its QueueUrl's host. Default: SQS's own regional endpoint.
   */
  queueUrlOrigin?: () => Promise<string>;
}

/** SQS caps a message (its body and its attributes) at 256 KB. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * minicloud's SQS: standard and FIFO queues; send with message attributes, receive with long polling,
 * delete; a visibility timeout that returns unacknowledged messages to the queue; ApproximateReceiveCount;
 * retention; a redrive policy that moves a message to its dead-letter queue after maxReceiveCount receives.
 * FIFO queues deliver each message group in order, one holder at a time, and drop duplicates sent within
 * five minutes (by MessageDeduplicationId or, with ContentBasedDeduplication, the body's SHA-256).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-fifo-queues.html
 */
export function createSqs(options: SqsOptions) {
  const { clock } = options;
  const queues = new Map<string, Queue>();
  const byArn = new Map<string, Queue>();

  const queueOf = (url: string): Queue => {
    const name = String(url).split("/").pop() ?? "";
    const queue = queues.get(name);
    if (!queue) {
      throw new MinicloudError("AWS.SimpleQueueService.NonExistentQueue", `The specified queue does not exist: ${url}. Create it with createQueue first.`, { field: "QueueUrl", statusCode: 400 });
    }
    return queue;
  };

  /** Whether a message may be received now: not expired, and not over maxReceiveCount (then it moves to the DLQ). */
  const admit = (queue: Queue, now: number) => (message: StoredMessage): boolean => {
    if (now - message.sent >= queue.retentionS * 1000) return false;
    if (queue.redrive && message.receiveCount >= queue.redrive.maxReceiveCount) {
      const dlq = byArn.get(queue.redrive.deadLetterTargetArn);
      // The message keeps its id, body, attributes and timestamps in the dead-letter queue, as SQS does.
      const { receipt: _old, ...moved } = message;
      if (dlq) dlq.messages.add({ ...moved, state: "ready", token: 0 }, now, now);
      return false;
    }
    return true;
  };

  const received = (message: StoredMessage, attributeNames: readonly string[] | undefined): SqsMessage => {
    const attributes = selectMessageAttributes(message.attributes, attributeNames);
    return {
      MessageId: message.id,
      ReceiptHandle: message.receipt!,
      MD5OfBody: message.md5,
      Body: message.body,
      Attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(Math.floor(message.sent)),
        SenderId: ACCOUNT_ID,
        ApproximateFirstReceiveTimestamp: String(Math.floor(message.firstReceive!)),
        ...(message.groupId !== undefined ? { MessageGroupId: message.groupId } : {}),
        ...(message.deduplicationId !== undefined ? { MessageDeduplicationId: message.deduplicationId } : {}),
        ...(message.sequenceNumber !== undefined ? { SequenceNumber: message.sequenceNumber } : {}),
      },
      ...(Object.keys(attributes).length > 0 ? { MessageAttributes: copyMessageAttributes(attributes) } : {}),
      ...(message.md5OfAttributes !== undefined ? { MD5OfMessageAttributes: message.md5OfAttributes } : {}),
    };
  };

  const send = (queue: Queue, request: Omit<SendMessageRequest, "QueueUrl">) => {
    const body = request.MessageBody;
    if (typeof body !== "string" || body.length === 0) throw invalid("MessageBody", "The request must contain the parameter MessageBody (a non-empty string).");
    const attributeBytes = validateMessageAttributes(request.MessageAttributes);
    if (Buffer.byteLength(body) + attributeBytes > MAX_MESSAGE_BYTES) {
      throw invalid("MessageBody", `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes (the body and the message attributes together).`);
    }
    const fifoFields = fifoSendFields(queue.fifo, request, body);
    const delayS = request.DelaySeconds ?? queue.delayS;
    if (!Number.isInteger(delayS) || delayS < 0 || delayS > 900) throw invalid("DelaySeconds", `Value ${delayS} for parameter DelaySeconds is invalid. Reason: Must be >= 0 and <= 900.`);
    const attributes = copyMessageAttributes(request.MessageAttributes ?? {});
    const md5 = createHash("md5").update(body).digest("hex");
    const md5OfAttributes = md5OfMessageAttributes(attributes);
    const now = clock.now();
    let message: StoredMessage = { id: randomUUID(), body, md5, attributes, md5OfAttributes, sent: now, receiveCount: 0, state: "ready", token: 0, ...fifoFields };
    // A FIFO queue answers a duplicate as it answered the first message, which alone is delivered.
    if (queue.fifo && queue.messages instanceof FifoMessageQueue) message = queue.messages.accept(message, now + delayS * 1000, now, queue.fifo.deduplicationScope).message;
    else queue.messages.add(message, now + delayS * 1000, now);
    return {
      MessageId: message.id,
      MD5OfMessageBody: message.md5,
      ...(message.md5OfAttributes !== undefined ? { MD5OfMessageAttributes: message.md5OfAttributes } : {}),
      ...(message.sequenceNumber !== undefined ? { SequenceNumber: message.sequenceNumber } : {}),
    };
  };

  const sqs = {
    /** CreateQueue: a standard queue, or with FifoQueue "true" (and a name ending in .fifo) a FIFO queue. Attributes as strings, as the API takes them. */
    async createQueue(request: { QueueName: string; Attributes?: Record<string, string> }): Promise<{ QueueUrl: string }> {
      const fifo = isFifoRequest(request.Attributes);
      const name = validateQueueName(request.QueueName, fifo);
      const origin = options.queueUrlOrigin ? await options.queueUrlOrigin() : `https://sqs.${region()}.amazonaws.com`;
      const existing = queues.get(name);
      if (existing) return { QueueUrl: existing.url };
      const settings = readQueueAttributes(request.Attributes, fifo, (target) => (byArn.has(target) ? (byArn.get(target)!.fifo ? "fifo" : "standard") : undefined));
      const queue: Queue = {
        name,
        arn: arn("sqs", name),
        url: `${origin}/${ACCOUNT_ID}/${name}`,
        ...settings,
        messages: fifo ? new FifoMessageQueue() : new MessageQueue(),
      };
      queues.set(queue.name, queue);
      byArn.set(queue.arn, queue);
      return { QueueUrl: queue.url };
    },

    /** GetQueueUrl. */
    async getQueueUrl(request: { QueueName: string }): Promise<{ QueueUrl: string }> {
      return { QueueUrl: queueOf(request.QueueName).url };
    },

    /** GetQueueAttributes: the queue's ARN, settings and approximate message counts. */
    async getQueueAttributes(request: { QueueUrl: string }): Promise<{ Attributes: Record<string, string> }> {
      const queue = queueOf(request.QueueUrl);
      const counts = queue.messages.counts(clock.now());
      return {
        Attributes: {
          QueueArn: queue.arn,
          ApproximateNumberOfMessages: String(counts.visible),
          ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
          ApproximateNumberOfMessagesDelayed: String(counts.delayed),
          VisibilityTimeout: String(queue.visibilityTimeoutS),
          MessageRetentionPeriod: String(queue.retentionS),
          DelaySeconds: String(queue.delayS),
          ...(queue.redrive ? { RedrivePolicy: JSON.stringify(queue.redrive) } : {}),
          ...(queue.fifo
            ? {
                FifoQueue: "true",
                ContentBasedDeduplication: String(queue.fifo.contentBasedDeduplication),
                DeduplicationScope: queue.fifo.deduplicationScope,
                FifoThroughputLimit: queue.fifo.throughputLimit,
              }
            : {}),
        },
      };
    },

    /** SendMessage: a body and optional typed attributes; answers with their MD5s, as SQS does. */
    async sendMessage(request: SendMessageRequest): Promise<{ MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string; SequenceNumber?: string }> {
      return send(queueOf(request.QueueUrl), request);
    },

    /** SendMessageBatch: up to 10 entries; each succeeds or fails on its own. */
    async sendMessageBatch(request: { QueueUrl: string; Entries: ({ Id: string } & Omit<SendMessageRequest, "QueueUrl">)[] }) {
      const queue = queueOf(request.QueueUrl);
      if (!Array.isArray(request.Entries) || request.Entries.length === 0 || request.Entries.length > 10) {
        throw new MinicloudError("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "A batch holds 1 to 10 entries.", { field: "Entries", statusCode: 400 });
      }
      const ids = request.Entries.map((e) => e.Id);
      if (new Set(ids).size !== ids.length) {
        throw new MinicloudError("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.", { field: "Entries", statusCode: 400 });
      }
      const Successful: { Id: string; MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string; SequenceNumber?: string }[] = [];
      const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
      for (const entry of request.Entries) {
        try {
          Successful.push({ Id: entry.Id, ...send(queue, entry) });
        } catch (error) {
          Failed.push({ Id: entry.Id, SenderFault: true, Code: (error as MinicloudError).name, Message: (error as Error).message });
        }
      }
      return { Successful, Failed };
    },

    /**
     * ReceiveMessage: up to 10 visible messages, waiting up to WaitTimeSeconds for some to arrive (long
     * polling; `signal` ends the wait early, as when the caller goes away). Message attributes come back
     * only for the names in MessageAttributeNames ("All" for all).
     */
    async receiveMessage(
      request: {
        QueueUrl: string;
        MaxNumberOfMessages?: number;
        WaitTimeSeconds?: number;
        VisibilityTimeout?: number;
        MessageAttributeNames?: string[];
      },
      options: { signal?: AbortSignal } = {},
    ): Promise<{ Messages: SqsMessage[] }> {
      const queue = queueOf(request.QueueUrl);
      const max = request.MaxNumberOfMessages ?? 1;
      if (!Number.isInteger(max) || max < 1 || max > 10) throw invalid("MaxNumberOfMessages", `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10.`);
      const wait = request.WaitTimeSeconds ?? 0;
      if (!(wait >= 0 && wait <= 20)) throw invalid("WaitTimeSeconds", `Value ${wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20.`);
      const visibilityS = request.VisibilityTimeout ?? queue.visibilityTimeoutS;
      if (!Number.isInteger(visibilityS) || visibilityS < 0 || visibilityS > 43_200) {
        throw invalid("VisibilityTimeout", `Value ${visibilityS} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200.`);
      }
      const deadline = clock.now() + wait * 1000;
      for (;;) {
        const now = clock.now();
        const messages = queue.messages.take(max, visibilityS * 1000, now, admit(queue, now));
        if (messages.length > 0 || now >= deadline || options.signal?.aborted) return { Messages: messages.map((m) => received(m, request.MessageAttributeNames)) };
        await clock.sleep(Math.min(20, deadline - now));
      }
    },

    /** DeleteMessage: acknowledges a received message by its receipt handle. */
    async deleteMessage(request: { QueueUrl: string; ReceiptHandle: string }): Promise<void> {
      queueOf(request.QueueUrl).messages.delete(request.ReceiptHandle);
    },

    /** ChangeMessageVisibility: how long until a received message is visible again (0 = at once). */
    async changeMessageVisibility(request: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }): Promise<void> {
      const queue = queueOf(request.QueueUrl);
      const seconds = request.VisibilityTimeout;
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43_200) {
        throw invalid("VisibilityTimeout", `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200.`);
      }
      if (!queue.messages.changeVisibility(request.ReceiptHandle, seconds * 1000, clock.now())) {
        throw new MinicloudError("ReceiptHandleIsInvalid", `The receipt handle is not valid (or its message was deleted): ${request.ReceiptHandle}.`, { field: "ReceiptHandle", statusCode: 400 });
      }
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
