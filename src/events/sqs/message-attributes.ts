import { createHash } from "node:crypto";
import { MinicloudError } from "../../core/errors.js";

/**
 * A message attribute, as SQS and SNS take it: `DataType` is String, Number or Binary (optionally with a
 * custom suffix, `String.json`), and SNS adds String.Array.
 */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  /** Bytes, or their base64. */
  BinaryValue?: Uint8Array | string;
}

const NAME = /^(?!aws\.|amazon\.|\.)(?!.*\.\.)(?!.*\.$)[a-zA-Z0-9_.-]{1,256}$/i;

/** The base type of a DataType (`String.json` → `String`; SQS reads SNS's `String.Array` as a String too). */
export function baseType(dataType: string): string {
  return dataType.split(".")[0] ?? "";
}

/** A Binary attribute's bytes as base64, the way AWS shows them in events and envelopes. */
export function binaryBase64(value: MessageAttributeValue): string {
  const binary = value.BinaryValue ?? "";
  return typeof binary === "string" ? binary : Buffer.from(binary).toString("base64");
}

/**
 * Checks message attributes as SQS and SNS do, naming the attribute to fix. `allowArrays` admits SNS's
 * String.Array (checked to hold a JSON array); `errorName` is the calling service's error name.
 */
export function validateMessageAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
  options: { errorName: string; allowArrays?: boolean; max?: number },
): void {
  if (attributes === undefined) return;
  const field = "MessageAttributes";
  const bad = (name: string, why: string) => new MinicloudError(options.errorName, `Invalid parameter: ${field}.${name}: ${why}`, { field: `${field}.${name}`, statusCode: 400 });
  const entries = Object.entries(attributes);
  if (options.max !== undefined && entries.length > options.max) {
    throw new MinicloudError(options.errorName, `Number of message attributes [${entries.length}] exceeds the allowed maximum [${options.max}].`, { field, statusCode: 400 });
  }
  for (const [name, value] of entries) {
    if (!NAME.test(name)) throw bad(name, "a name is 1-256 letters, digits, _, - and . (not starting with AWS. or Amazon., no '..').");
    const type = options.allowArrays && value?.DataType === "String.Array" ? "String.Array" : baseType(value?.DataType ?? "");
    if (!["String", "Number", "Binary", "String.Array"].includes(type)) {
      throw bad(name, `DataType must be String, Number, Binary${options.allowArrays ? " or String.Array" : ""} (optionally with a custom suffix); got ${value?.DataType}.`);
    }
    if (type === "Binary") {
      if (value.BinaryValue === undefined || binaryBase64(value) === "") throw bad(name, "a Binary attribute needs a non-empty BinaryValue.");
      continue;
    }
    if (typeof value.StringValue !== "string" || value.StringValue === "") throw bad(name, `a ${type} attribute needs a non-empty StringValue.`);
    if (type === "Number" && !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.StringValue)) throw bad(name, `'${value.StringValue}' is not a number.`);
    if (type === "String.Array") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value.StringValue);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed)) throw bad(name, `a String.Array attribute holds a JSON array (e.g. '["a","b"]'); got ${value.StringValue}.`);
    }
  }
}

/** The size that counts towards the 256 KB message limit: each name, type and value. */
export function attributesSize(attributes: Record<string, MessageAttributeValue> | undefined): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    size += value.StringValue !== undefined ? Buffer.byteLength(value.StringValue) : Buffer.from(binaryBase64(value), "base64").length;
  }
  return size;
}

/**
 * MD5OfMessageAttributes, computed as SQS documents it: for each attribute in name order, the
 * length-prefixed name, the length-prefixed type, a transport byte (1 text, 2 binary) and the
 * length-prefixed value.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string {
  const hash = createHash("md5");
  const prefixed = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    prefixed(Buffer.from(name));
    prefixed(Buffer.from(value.DataType));
    const binary = baseType(value.DataType) === "Binary";
    hash.update(Buffer.from([binary ? 2 : 1]));
    prefixed(binary ? Buffer.from(binaryBase64(value), "base64") : Buffer.from(value.StringValue ?? ""));
  }
  return hash.digest("hex");
}
