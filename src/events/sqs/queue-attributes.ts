import { MinicloudError } from "../../core/errors.js";

/** A queue's settings, read from CreateQueue's string attributes. */
export interface QueueSettings {
  visibilityTimeoutS: number;
  retentionS: number;
  delayS: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

const NAME = /^[a-zA-Z0-9_-]{1,80}$/;

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

/** Checks a queue name: 1–80 letters, digits, hyphens or underscores. */
export function validateQueueName(name: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw invalidSqsParameter("QueueName", `Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length: "${String(name)}".`);
  }
  return name;
}

/**
 * Reads CreateQueue's attributes: VisibilityTimeout (0–43,200 s, default 30), MessageRetentionPeriod
 * (60 s–14 days, default 4 days), DelaySeconds (0–900) and a RedrivePolicy whose dead-letter queue exists.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
 */
export function readQueueAttributes(attributes: Record<string, string> | undefined, queueExists: (arn: string) => boolean): QueueSettings {
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
    if (!policy.deadLetterTargetArn || !queueExists(policy.deadLetterTargetArn)) {
      throw invalidSqsParameter("Attributes.RedrivePolicy", `Value ${policyText} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
    }
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw invalidSqsParameter("Attributes.RedrivePolicy", "Value for parameter RedrivePolicy is invalid. Reason: maxReceiveCount must be a whole number from 1 to 1000.");
    }
    redrive = { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount };
  }
  return {
    visibilityTimeoutS: integerAttribute(attributes, "VisibilityTimeout", 0, 43_200, 30),
    retentionS: integerAttribute(attributes, "MessageRetentionPeriod", 60, 1_209_600, 345_600),
    delayS: integerAttribute(attributes, "DelaySeconds", 0, 900, 0),
    ...(redrive ? { redrive } : {}),
  };
}
