import { randomUUID } from "node:crypto";
import type { InvokeResponse } from "../../lambda/lambda-service.js";
import type { PolledStream, ShardRecord } from "../streams/stream-shard.js";

/** Why a stream mapping discarded a batch. */
export type DiscardCondition = "RetryAttemptsExhausted" | "RecordAgeExceeded";

/**
 * The record a stream mapping sends to its on-failure destination when it discards a batch: metadata about
 * the failed invocation and the range of records it held, not the records themselves.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export function onFailureRecord(options: {
  stream: PolledStream;
  shardId: string;
  records: readonly ShardRecord[];
  functionArn: string;
  condition: DiscardCondition;
  invokeCount: number;
  lastResponse: InvokeResponse | undefined;
  now: number;
}): Record<string, unknown> {
  const { records, lastResponse } = options;
  const first = records[0]!;
  const last = records[records.length - 1]!;
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: options.functionArn,
      condition: options.condition,
      approximateInvokeCount: options.invokeCount,
    },
    responseContext: {
      statusCode: lastResponse?.StatusCode ?? 0,
      executedVersion: lastResponse?.ExecutedVersion ?? "$LATEST",
      functionError: lastResponse?.FunctionError ?? "",
    },
    version: "1.0",
    timestamp: new Date(options.now).toISOString(),
    [options.stream.batchInfoKey]: {
      shardId: options.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: new Date(first.arrivalMs).toISOString(),
      approximateArrivalOfLastRecord: new Date(last.arrivalMs).toISOString(),
      batchSize: records.length,
      streamArn: options.stream.arn,
    },
  };
}
