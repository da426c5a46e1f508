import { createHash } from "node:crypto";

/** Kinesis hash keys are 128-bit: 0 to 2^128 - 1. */
export const MAX_HASH_KEY = (1n << 128n) - 1n;

/** A shard's slice of the hash key space, as DescribeStream shows it (decimal strings). */
export interface HashKeyRange {
  StartingHashKey: string;
  EndingHashKey: string;
}

/**
 * The hash key ranges CreateStream gives `shardCount` shards: the 128-bit key space split evenly, shard i
 * starting at floor(i × 2^128 / n).
 * @see https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html
 */
export function evenHashKeyRanges(shardCount: number): HashKeyRange[] {
  const space = 1n << 128n;
  const n = BigInt(shardCount);
  return Array.from({ length: shardCount }, (_, i) => ({
    StartingHashKey: ((BigInt(i) * space) / n).toString(),
    EndingHashKey: ((BigInt(i + 1) * space) / n - 1n).toString(),
  }));
}

/**
 * The hash key of a partition key: its MD5 digest read as a 128-bit unsigned number, which is how Kinesis
 * maps partition keys to shards.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
 */
export function partitionKeyHash(partitionKey: string): bigint {
  return BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
}
