/** One record in a shard of a stream (Kinesis, or a DynamoDB table's stream), in the order it arrived. */
export interface ShardRecord<T = unknown> {
  /** Increases with every record of the shard; a numeric string, compared as a number. */
  sequenceNumber: string;
  /** When the stream accepted it (ms on the session's clock). */
  arrivalMs: number;
  /** What decides its shard, and its virtual shard under a mapping's ParallelizationFactor. */
  partitionKey: string;
  /** The service's own content: a Kinesis data blob, or a DynamoDB change. */
  payload: T;
}

/** A shard: an ordered, append-only log of records. */
export interface StreamShard<T = unknown> {
  shardId: string;
  records: ShardRecord<T>[];
}

/**
 * A stream as Lambda's stream poller sees it, whatever service it belongs to: its shards, and how one of
 * its records looks in the Lambda event.
 */
export interface PolledStream {
  readonly arn: string;
  /** The key under which the on-failure record describes a discarded batch. */
  readonly batchInfoKey: "KinesisBatchInfo" | "DDBStreamBatchInfo";
  /** How often Lambda polls a shard of this stream when it has nothing new (ms). */
  readonly pollIntervalMs: number;
  /** The stream's shards, or undefined once the stream is deleted. */
  shards(): readonly StreamShard[] | undefined;
  /** One record as the Lambda event carries it (`invokeIdentityArn` is the function's role). */
  eventRecord(shardId: string, record: ShardRecord, invokeIdentityArn: string): Record<string, unknown>;
}

/** Compares two sequence numbers as numbers (they are numeric strings of any length). */
export function compareSequenceNumbers(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
