import { region } from "../../core/arn.js";
import { MinicloudError } from "../../core/errors.js";
import type { ShardRecord } from "../streams/stream-shard.js";

/** A Kinesis record's payload: its data blob. */
export interface KinesisPayload {
  data: Uint8Array;
}

/** Kinesis caps a record (its data and its partition key) at 1 MiB. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** Kinesis's ValidationException for a request field, in AWS's wording. */
export function kinesisValidation(field: string, message: string): MinicloudError {
  return new MinicloudError("ValidationException", `1 validation error detected: ${message}`, { field, statusCode: 400 });
}

/** Kinesis's InvalidArgumentException, naming the field. */
export function kinesisInvalidArgument(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidArgumentException", message, { field, statusCode: 400 });
}

/**
 * Checks one record's data and partition key (1–256 characters; data and key together at most 1 MiB) and
 * returns its data as bytes. Text is taken as UTF-8, a minicloud convenience: the SDK sends bytes.
 */
export function recordData(data: unknown, partitionKey: unknown, at: string): Uint8Array {
  if (typeof partitionKey !== "string" || partitionKey.length < 1 || partitionKey.length > 256) {
    throw kinesisValidation(`${at}PartitionKey`, `Value '${String(partitionKey)}' at '${at}partitionKey' failed to satisfy constraint: Member must have length between 1 and 256.`);
  }
  let bytes: Uint8Array;
  if (data instanceof Uint8Array) bytes = data;
  else if (typeof data === "string") bytes = new TextEncoder().encode(data);
  else throw kinesisValidation(`${at}Data`, `Value at '${at}data' failed to satisfy constraint: Member must not be null (pass bytes, e.g. new TextEncoder().encode("hello")).`);
  const size = bytes.length + Buffer.byteLength(partitionKey);
  if (size > MAX_RECORD_BYTES) {
    throw kinesisValidation(`${at}Data`, `Value at '${at}data' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES} (data and partition key are ${size} bytes).`);
  }
  return Uint8Array.from(bytes);
}

/**
 * A sequence number: 56 decimal digits like AWS's, "49", the stream's creation time in seconds, the shard
 * index, then the record's position in its shard, so numbers grow within a shard and compare as strings.
 */
export function kinesisSequenceNumber(createdMs: number, shardIndex: number, position: number): string {
  return `49${String(Math.floor(createdMs / 1000)).padStart(12, "0")}${String(shardIndex).padStart(4, "0")}${String(position).padStart(38, "0")}`;
}

/**
 * A record as Lambda's Kinesis event carries it (`KinesisStreamRecord` in @types/aws-lambda).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 */
export function kinesisEventRecord(streamArn: string, shardId: string, record: ShardRecord<KinesisPayload>, invokeIdentityArn: string): Record<string, unknown> {
  return {
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.payload.data).toString("base64"),
      // Seconds since the epoch, with milliseconds as the fraction.
      approximateArrivalTimestamp: Math.floor(record.arrivalMs) / 1000,
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${shardId}:${record.sequenceNumber}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn,
    awsRegion: region(),
    eventSourceARN: streamArn,
  };
}
