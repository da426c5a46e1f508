import { MinicloudError } from "../../core/errors.js";

/** A FIFO queue's settings. */
export interface FifoSettings {
  /** Without a MessageDeduplicationId, a message's id is the SHA-256 of its body. */
  contentBasedDeduplication: boolean;
  /** Whether deduplication ids are unique in the queue or in each message group. */
  deduplicationScope: "queue" | "messageGroup";
  /** Recorded for GetQueueAttributes (minicloud does not throttle sends). */
  throughputLimit: "perQueue" | "perMessageGroupId";
}

/** A queue's settings, read from CreateQueue's string attributes. */
export interface QueueSettings {
  visibilityTimeoutS: number;
  retentionS: number;
  delayS: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
  /** Present for a FIFO queue. */
  fifo?: FifoSettings;
}

/** What a RedrivePolicy's target is: a standard or FIFO queue of this session, or nothing. */
export type QueueKind = "standard" | "fifo" | undefined;

const NAME = /^[a-zA-Z0-9_-]{1,80}$/;
const FIFO_NAME = /^[a-zA-Z0-9_-]{1,75}\.fifo$/;
const FIFO_ONLY = ["ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"];

/** SQS's InvalidParameterValue, naming the field. */
export function invalidSqsParameter(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValue", message, { field, statusCode: 400 });
}

function integerAttribute(attributes: Record<string, string> | undefined, name: string, min: number, max: number, fallback: number): number {
  const raw = attributes?.[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidSqsParameter(`Attributes.${name}`, `Invalid value for the parameter ${name}: must be a whole number from ${min} to ${max}; got ${raw}.`);
  }
  return value;
}

/** Checks a queue name: 1–80 letters, digits, hyphens or underscores; a FIFO queue's ends with `.fifo` (within the 80). */
export function validateQueueName(name: unknown, fifo: boolean): string {
  if (fifo && (typeof name !== "string" || !FIFO_NAME.test(name))) {
    throw invalidSqsParameter("QueueName", `The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length: "${String(name)}".`);
  }
  if (typeof name !== "string" || !(fifo ? FIFO_NAME : NAME).test(name)) {
    throw invalidSqsParameter(
      "QueueName",
      `Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length: "${String(name)}"${String(name).endsWith(".fifo") ? ' (a FIFO queue also needs Attributes: { FifoQueue: "true" })' : ""}.`,
    );
  }
  return name;
}

/** Whether CreateQueue asks for a FIFO queue (FifoQueue "true"; "false" or absent is a standard queue). */
export function isFifoRequest(attributes: Record<string, string> | undefined): boolean {
  const value = attributes?.["FifoQueue"];
  if (value !== undefined && value !== "true" && value !== "false") throw invalidSqsParameter("Attributes.FifoQueue", `Invalid value for the parameter FifoQueue: "true" or "false"; got ${value}.`);
  return value === "true";
}

function choice<T extends string>(attributes: Record<string, string> | undefined, name: string, values: readonly T[], fallback: T): T {
  const raw = attributes?.[name];
  if (raw === undefined) return fallback;
  if (!(values as readonly string[]).includes(raw)) throw invalidSqsParameter(`Attributes.${name}`, `Invalid value for the parameter ${name}: one of ${values.join(", ")}; got ${raw}.`);
  return raw as T;
}

/**
 * A FIFO queue's settings from CreateQueue's attributes; for a standard queue, an error for any FIFO-only one.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
 */
function readFifoSettings(attributes: Record<string, string> | undefined, fifo: boolean): FifoSettings | undefined {
  if (!fifo) {
    const misplaced = FIFO_ONLY.find((name) => attributes?.[name] !== undefined);
    if (misplaced) throw new MinicloudError("InvalidAttributeName", `Unknown Attribute ${misplaced}. (It applies to FIFO queues only: add FifoQueue: "true" and a name ending in .fifo.)`, { field: `Attributes.${misplaced}`, statusCode: 400 });
    return undefined;
  }
  return {
    contentBasedDeduplication: choice(attributes, "ContentBasedDeduplication", ["true", "false"], "false") === "true",
    deduplicationScope: choice(attributes, "DeduplicationScope", ["queue", "messageGroup"], "queue"),
    throughputLimit: choice(attributes, "FifoThroughputLimit", ["perQueue", "perMessageGroupId"], "perQueue"),
  };
}

/**
 * Reads CreateQueue's attributes: VisibilityTimeout (0–43,200 s, default 30), MessageRetentionPeriod
 * (60 s–14 days, default 4 days), DelaySeconds (0–900), a RedrivePolicy whose dead-letter queue exists and
 * is of the same type, and a FIFO queue's deduplication settings.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
 */
export function readQueueAttributes(attributes: Record<string, string> | undefined, fifo: boolean, queueKind: (arn: string) => QueueKind): QueueSettings {
  let redrive: QueueSettings["redrive"];
  const policyText = attributes?.["RedrivePolicy"];
  if (policyText !== undefined) {
    let policy: { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    try {
      policy = JSON.parse(policyText) as typeof policy;
    } catch {
      throw invalidSqsParameter("Attributes.RedrivePolicy", `Value ${policyText} for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.`);
    }
    const maxReceiveCount = Number(policy.maxReceiveCount);
    const target = policy.deadLetterTargetArn;
    const targetKind = typeof target === "string" ? queueKind(target) : undefined;
    if (typeof target !== "string" || targetKind === undefined) {
      throw invalidSqsParameter("Attributes.RedrivePolicy", `Value ${policyText} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
    }
    if ((targetKind === "fifo") !== fifo) {
      throw invalidSqsParameter("Attributes.RedrivePolicy", `Value ${policyText} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source (${fifo ? "FIFO" : "standard"}).`);
    }
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw invalidSqsParameter("Attributes.RedrivePolicy", "Value for parameter RedrivePolicy is invalid. Reason: maxReceiveCount must be a whole number from 1 to 1000.");
    }
    redrive = { deadLetterTargetArn: target, maxReceiveCount };
  }
  const fifoSettings = readFifoSettings(attributes, fifo);
  return {
    visibilityTimeoutS: integerAttribute(attributes, "VisibilityTimeout", 0, 43_200, 30),
    retentionS: integerAttribute(attributes, "MessageRetentionPeriod", 60, 1_209_600, 345_600),
    delayS: integerAttribute(attributes, "DelaySeconds", 0, 900, 0),
    ...(redrive ? { redrive } : {}),
    ...(fifoSettings ? { fifo: fifoSettings } : {}),
  };
}
