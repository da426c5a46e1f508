import { createHash } from "node:crypto";
import { MinicloudError } from "../../core/errors.js";

/** A message attribute as SendMessage takes it and ReceiveMessage returns it (AWS SDK v3 shape). */
export interface MessageAttributeValue {
  /** `String`, `Number` or `Binary`, optionally with a custom suffix (`Number.float`, `String.json`). */
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

/** A message attribute as Lambda's SQS event carries it (`SQSMessageAttribute` in @types/aws-lambda). */
export interface EventMessageAttribute {
  stringValue?: string;
  binaryValue?: string;
  stringListValues: string[];
  binaryListValues: string[];
  dataType: string;
}

/** SQS allows at most 10 message attributes per message. */
const MAX_ATTRIBUTES = 10;
const NAME = /^[A-Za-z0-9_.-]{1,256}$/;

function invalid(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValue", message, { field, statusCode: 400 });
}

/** The data type's prefix, which decides how its value travels (String, Number or Binary). */
function baseType(dataType: string): "String" | "Number" | "Binary" | undefined {
  const base = dataType.split(".")[0];
  return base === "String" || base === "Number" || base === "Binary" ? base : undefined;
}

/**
 * Checks SendMessage's MessageAttributes as SQS does and returns how many bytes they add to the message
 * (name, type and value all count towards the message size limit).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 */
export function validateMessageAttributes(attributes: Record<string, MessageAttributeValue> | undefined, field = "MessageAttributes"): number {
  if (attributes === undefined) return 0;
  if (attributes === null || typeof attributes !== "object") throw invalid(field, `${field} must be an object of name → { DataType, StringValue | BinaryValue }.`);
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) throw invalid(field, `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  let bytes = 0;
  for (const name of names) {
    const at = `${field}.${name}`;
    if (!NAME.test(name) || name.startsWith(".") || name.endsWith(".") || name.includes("..") || /^(aws|amazon)\./i.test(name)) {
      throw invalid(at, `Message (user) attribute name '${name}' is invalid: use up to 256 of A-Z a-z 0-9 _ - . (no leading, trailing or double period, no AWS. or Amazon. prefix).`);
    }
    const value = attributes[name]!;
    const dataType = value?.DataType;
    if (typeof dataType !== "string" || dataType.length === 0) throw invalid(`${at}.DataType`, `The message attribute '${name}' must contain non-empty message attribute type.`);
    const base = baseType(dataType);
    if (base === undefined || dataType.length > 256) {
      throw invalid(`${at}.DataType`, `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    if (base === "Binary") {
      if (!(value.BinaryValue instanceof Uint8Array) || value.BinaryValue.length === 0) {
        throw invalid(`${at}.BinaryValue`, `The message attribute '${name}' with type 'Binary' must use field 'Binary' (BinaryValue: non-empty bytes, e.g. a Uint8Array).`);
      }
      bytes += value.BinaryValue.length;
    } else {
      if (typeof value.StringValue !== "string" || value.StringValue.length === 0) {
        throw invalid(`${at}.StringValue`, `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
      }
      // Number: up to 38 digits of precision, from 10^-128 to 10^+126 (SQS developer guide).
      if (base === "Number" && !(Number.isFinite(Number(value.StringValue)) && value.StringValue.replace(/[^0-9]/g, "").replace(/^0+/, "").length <= 38)) {
        throw invalid(`${at}.StringValue`, `Can't cast the value of message (user) attribute '${name}' to a number: ${value.StringValue}.`);
      }
      bytes += Buffer.byteLength(value.StringValue);
    }
    bytes += Buffer.byteLength(name) + Buffer.byteLength(dataType);
  }
  return bytes;
}

function lengthPrefixed(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * SQS's MD5OfMessageAttributes: attributes sorted by name; each encoded as its name, data type (each a
 * 4-byte big-endian length then UTF-8 bytes), one transport byte (1 for String and Number, 2 for Binary),
 * then its value (length then bytes); the MD5 of all of it, as hex. Undefined when there are none.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue> | undefined): string | undefined {
  const names = Object.keys(attributes ?? {}).sort();
  if (attributes === undefined || names.length === 0) return undefined;
  const hash = createHash("md5");
  for (const name of names) {
    const value = attributes[name]!;
    const binary = baseType(value.DataType) === "Binary";
    hash.update(lengthPrefixed(Buffer.from(name, "utf8")));
    hash.update(lengthPrefixed(Buffer.from(value.DataType, "utf8")));
    hash.update(Buffer.from([binary ? 2 : 1]));
    hash.update(lengthPrefixed(binary ? value.BinaryValue! : Buffer.from(value.StringValue!, "utf8")));
  }
  return hash.digest("hex");
}

/** Copies attributes so later changes by the sender do not reach the queued message. */
export function copyMessageAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, v]) => [
      name,
      { DataType: v.DataType, ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}), ...(v.BinaryValue !== undefined ? { BinaryValue: Uint8Array.from(v.BinaryValue) } : {}) },
    ]),
  );
}

/**
 * The attributes ReceiveMessage returns for MessageAttributeNames: `All` (or `.*`), exact names, or
 * prefixes written `name.*`; none when the list is empty, as SQS does.
 */
export function selectMessageAttributes(attributes: Record<string, MessageAttributeValue>, wanted: readonly string[] | undefined): Record<string, MessageAttributeValue> {
  if (!wanted || wanted.length === 0) return {};
  if (wanted.includes("All") || wanted.includes(".*")) return attributes;
  const matches = (name: string) => wanted.some((w) => (w.endsWith(".*") ? name.startsWith(w.slice(0, -1)) : name === w));
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => matches(name)));
}

/** Message attributes as Lambda's SQS event writes them: camelCase, binary in base64, the reserved list fields empty. */
export function eventMessageAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, EventMessageAttribute> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, v]) => [
      name,
      {
        ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
        ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString("base64") } : {}),
        stringListValues: [],
        binaryListValues: [],
        dataType: v.DataType,
      },
    ]),
  );
}
