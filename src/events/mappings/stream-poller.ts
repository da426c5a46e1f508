import { createHash } from "node:crypto";
import type { InvokeResponse } from "../../lambda/lambda-service.js";
import type { PolledStream, ShardRecord } from "../streams/stream-shard.js";
import { invokeBatch, pause, whileDisabled, type MappingState, type PollerContext } from "./mapping-state.js";
import { onFailureRecord, type DiscardCondition } from "./on-failure.js";

/** A synchronous invocation's payload (the batch event) may be at most 6 MB. */
const MAX_BATCH_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** One poller's share of a shard: the shard, and which virtual shard (of ParallelizationFactor) it serves. */
export interface ShardLease {
  stream: PolledStream;
  shardId: string;
  virtualShard: number;
  /** Index in the shard of the first record to read. */
  position: number;
}

/** Which virtual shard a partition key belongs to, so one key's records always go to the same poller. */
function virtualShardOf(partitionKey: string, factor: number): number {
  return factor === 1 ? 0 : createHash("md5").update(partitionKey).digest().readUInt32BE(0) % factor;
}

/**
 * One stream poller: reads its shard (or virtual shard) in order, one batch in flight at a time, and does
 * not move on until the batch succeeded or was discarded. A failed batch is retried (with ReportBatchItemFailures,
 * from the first failed record; with BisectBatchOnFunctionError, as two halves) until it succeeds,
 * MaximumRetryAttempts is used up, or its records are older than MaximumRecordAgeInSeconds; a discarded batch
 * is described to the on-failure destination.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 */
export async function runStreamPoller(context: PollerContext, mapping: MappingState, lease: ShardLease): Promise<void> {
  const { clock, sqs } = context;
  const { stream, shardId } = lease;
  const factor = mapping.config.ParallelizationFactor ?? 1;
  const mine = (record: ShardRecord) => virtualShardOf(record.partitionKey, factor) === lease.virtualShard;
  const eventRecord = (record: ShardRecord) => stream.eventRecord(shardId, record, mapping.role);
  const backoffMs = (attempt: number) => Math.min(500 * 2 ** attempt, 30_000) * context.timeScale;

  /** Records from the position on, up to the batch size and the payload limit; and where reading stopped. */
  const collect = (records: readonly ShardRecord[]) => {
    const batch: ShardRecord[] = [];
    let bytes = 0;
    let next = lease.position;
    for (; next < records.length && batch.length < mapping.config.BatchSize; next++) {
      const record = records[next]!;
      if (!mine(record)) continue;
      const size = JSON.stringify(eventRecord(record)).length;
      if (batch.length > 0 && bytes + size > MAX_BATCH_PAYLOAD_BYTES) break;
      bytes += size;
      batch.push(record);
    }
    return { batch, next };
  };

  const discard = async (records: readonly ShardRecord[], condition: DiscardCondition, invokeCount: number, lastResponse: InvokeResponse | undefined) => {
    const destination = mapping.config.DestinationConfig?.OnFailure.Destination;
    const url = destination === undefined ? undefined : sqs.urlOfArn(destination);
    if (url === undefined || records.length === 0) return;
    const record = onFailureRecord({ stream, shardId, records, functionArn: mapping.config.FunctionArn, condition, invokeCount, lastResponse, now: clock.now() });
    await sqs.sendMessage({ QueueUrl: url, MessageBody: JSON.stringify(record) }).catch(() => undefined);
  };

  /** Delivers records until they succeed or are discarded; `retries` is how many of the quota are used. */
  const deliver = async (records: ShardRecord[], retries: number): Promise<void> => {
    let pending = records;
    let invokeCount = 0;
    let lastResponse: InvokeResponse | undefined;
    while (pending.length > 0 && (await whileDisabled(clock, mapping))) {
      const maxAgeS = mapping.config.MaximumRecordAgeInSeconds ?? -1;
      if (maxAgeS !== -1) {
        // Records arrive in order, so the expired ones are at the front.
        const expired = pending.filter((r) => clock.now() - r.arrivalMs > maxAgeS * 1000);
        if (expired.length > 0) {
          await discard(expired, "RecordAgeExceeded", invokeCount, lastResponse);
          pending = pending.slice(expired.length);
          continue;
        }
      }
      const outcome = await invokeBatch(context, mapping, { Records: pending.map(eventRecord) }, new Set(pending.map((r) => r.sequenceNumber)));
      if (outcome.kind === "success") return;
      if (outcome.kind === "not-invoked") {
        // Throttled or the function is gone: retried until the records expire, without using up retries.
        await pause(clock, mapping, backoffMs(0));
        continue;
      }
      invokeCount++;
      if (outcome.kind === "partial") {
        // The batch checkpoints at the lowest failed sequence number: what came before it is done.
        const first = pending.findIndex((r) => outcome.failed.has(r.sequenceNumber));
        pending = pending.slice(first);
      } else {
        lastResponse = outcome.response;
        if (mapping.config.BisectBatchOnFunctionError && pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          await deliver(pending.slice(0, half), retries);
          await deliver(pending.slice(half), retries);
          return;
        }
      }
      retries++;
      const maxRetries = mapping.config.MaximumRetryAttempts ?? -1;
      if (maxRetries !== -1 && retries > maxRetries) {
        await discard(pending, "RetryAttemptsExhausted", invokeCount, lastResponse);
        return;
      }
      await pause(clock, mapping, backoffMs(retries - 1));
    }
  };

  while (await whileDisabled(clock, mapping)) {
    const shard = stream.shards()?.find((s) => s.shardId === shardId);
    if (shard === undefined) return;
    let { batch, next } = collect(shard.records);
    const window = mapping.config.MaximumBatchingWindowInSeconds * 1000;
    if (batch.length > 0 && batch.length < mapping.config.BatchSize && window > 0) {
      const windowEnds = clock.now() + window;
      while (clock.now() < windowEnds && batch.length < mapping.config.BatchSize && mapping.active) {
        await pause(clock, mapping, Math.min(100, windowEnds - clock.now()));
        ({ batch, next } = collect(shard.records));
      }
    }
    if (batch.length === 0) {
      lease.position = next;
      await pause(clock, mapping, stream.pollIntervalMs * context.timeScale);
      continue;
    }
    await deliver(batch, 0);
    if (!mapping.active) return;
    lease.position = next;
  }
}
