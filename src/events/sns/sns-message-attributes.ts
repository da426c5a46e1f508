import { MinicloudError } from "../../core/errors.js";

// SNS's message attributes: SQS's three types plus String.Array, and binary values given as bytes or
// base64. SQS's own rules (10 attributes, bytes only) live in ../sqs/message-attributes.ts.

/** A message attribute as Publish takes it: String, Number, Binary (optionally suffixed) or String.Array. */
export interface SnsMessageAttributeValue {
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
export function binaryBase64(value: SnsMessageAttributeValue): string {
  const binary = value.BinaryValue ?? "";
  return typeof binary === "string" ? binary : Buffer.from(binary).toString("base64");
}

/**
 * Checks Publish's message attributes as SNS does, naming the attribute to fix. `allowArrays` admits SNS's
 * String.Array (checked to hold a JSON array); `errorName` is the calling service's error name.
 */
export function validateSnsMessageAttributes(
  attributes: Record<string, SnsMessageAttributeValue> | undefined,
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
export function attributesSize(attributes: Record<string, SnsMessageAttributeValue> | undefined): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    size += value.StringValue !== undefined ? Buffer.byteLength(value.StringValue) : Buffer.from(binaryBase64(value), "base64").length;
  }
  return size;
}

/** The attributes as SQS takes them when SNS delivers a raw message to a queue: binary values as bytes. */
export function asSqsAttributes(attributes: Record<string, SnsMessageAttributeValue>): Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, v]) => [name, v.StringValue !== undefined ? { DataType: v.DataType, StringValue: v.StringValue } : { DataType: v.DataType, BinaryValue: Buffer.from(binaryBase64(v), "base64") }]),
  );
}
