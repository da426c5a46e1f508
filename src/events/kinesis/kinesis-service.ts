import { ACCOUNT_ID, arn } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import { compareSequenceNumbers, type PolledStream, type ShardRecord, type StreamShard } from "../streams/stream-shard.js";
import { evenHashKeyRanges, MAX_HASH_KEY, partitionKeyHash, type HashKeyRange } from "./hash-keys.js";
import { kinesisEventRecord, kinesisInvalidArgument, kinesisSequenceNumber, kinesisValidation, recordData, type KinesisPayload } from "./kinesis-records.js";

/** A shard as DescribeStream and ListShards show it. */
export interface KinesisShard {
  ShardId: string;
  HashKeyRange: HashKeyRange;
  SequenceNumberRange: { StartingSequenceNumber: string };
}

/** A record as GetRecords returns it. */
export interface KinesisRecord {
  SequenceNumber: string;
  ApproximateArrivalTimestamp: Date;
  Data: Uint8Array;
  PartitionKey: string;
}

interface Shard extends StreamShard<KinesisPayload> {
  index: number;
  range: HashKeyRange;
  start: bigint;
  end: bigint;
  /** Records and bytes accepted in the current second, for the shard's write limit. */
  second: number;
  secondRecords: number;
  secondBytes: number;
}

interface Stream {
  name: string;
  arn: string;
  createdMs: number;
  shards: Shard[];
}

type StreamRef = { StreamName?: string; StreamARN?: string };

/** A shard takes at most 1,000 records or 1 MiB per second; more is refused (ProvisionedThroughputExceededException). */
const SHARD_RECORDS_PER_S = 1000;
const SHARD_BYTES_PER_S = 1024 * 1024;
/** A shard iterator expires 5 minutes after it is returned. */
const ITERATOR_LIFETIME_MS = 5 * 60_000;
const NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/**
 * minicloud's Kinesis Data Streams: streams of shards, each an ordered log. A record goes to the shard whose
 * hash key range holds the MD5 of its partition key; sequence numbers grow within a shard; shard
 * iterators read from the oldest record, the tip, or a sequence number.
 * @see https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html
 */
export function createKinesis(options: { clock: Clock }) {
  const { clock } = options;
  const streams = new Map<string, Stream>();

  const streamOf = (ref: StreamRef): Stream => {
    const name = ref.StreamName ?? ref.StreamARN?.split("/").pop();
    const stream = name === undefined ? undefined : streams.get(name);
    if (!stream) {
      throw new MinicloudError("ResourceNotFoundException", `Stream ${name ?? "(no StreamName)"} under account ${ACCOUNT_ID} not found. Create it with createStream first.`, {
        field: ref.StreamName !== undefined ? "StreamName" : "StreamARN",
        statusCode: 400,
      });
    }
    return stream;
  };

  const shardOf = (stream: Stream, shardId: string): Shard => {
    const shard = stream.shards.find((s) => s.shardId === shardId);
    if (!shard) throw new MinicloudError("ResourceNotFoundException", `Shard ${shardId} in stream ${stream.name} under account ${ACCOUNT_ID} does not exist.`, { field: "ShardId" });
    return shard;
  };

  const describeShard = (stream: Stream, shard: Shard): KinesisShard => ({
    ShardId: shard.shardId,
    HashKeyRange: { ...shard.range },
    SequenceNumberRange: { StartingSequenceNumber: kinesisSequenceNumber(stream.createdMs, shard.index, 0) },
  });

  /** Appends one checked record; a shard over its write limit this second refuses it. */
  const append = (stream: Stream, data: Uint8Array, partitionKey: string, explicitHashKey: string | undefined, at: string) => {
    let hashKey: bigint;
    if (explicitHashKey !== undefined) {
      if (!/^\d{1,39}$/.test(explicitHashKey) || BigInt(explicitHashKey) > MAX_HASH_KEY) {
        throw kinesisInvalidArgument(`${at}ExplicitHashKey`, `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}.`);
      }
      hashKey = BigInt(explicitHashKey);
    } else hashKey = partitionKeyHash(partitionKey);
    const shard = stream.shards.find((s) => hashKey >= s.start && hashKey <= s.end)!;
    const now = clock.now();
    const second = Math.floor(now / 1000);
    if (shard.second !== second) Object.assign(shard, { second, secondRecords: 0, secondBytes: 0 });
    const bytes = data.length + Buffer.byteLength(partitionKey);
    if (shard.secondRecords + 1 > SHARD_RECORDS_PER_S || shard.secondBytes + bytes > SHARD_BYTES_PER_S) {
      return { error: `Rate exceeded for shard ${shard.shardId} in stream ${stream.name} under account ${ACCOUNT_ID}.` };
    }
    shard.secondRecords++;
    shard.secondBytes += bytes;
    const record: ShardRecord<KinesisPayload> = { sequenceNumber: kinesisSequenceNumber(stream.createdMs, shard.index, shard.records.length), arrivalMs: now, partitionKey, payload: { data } };
    shard.records.push(record);
    return { ShardId: shard.shardId, SequenceNumber: record.sequenceNumber };
  };

  const iterator = (stream: Stream, shard: Shard, position: number): string =>
    Buffer.from(JSON.stringify({ s: stream.name, h: shard.shardId, p: position, t: clock.now() })).toString("base64");

  const kinesis = {
    /** CreateStream: `ShardCount` shards (1–500 here) splitting the hash key space evenly; ACTIVE at once. */
    async createStream(request: { StreamName: string; ShardCount?: number }): Promise<void> {
      if (typeof request.StreamName !== "string" || !NAME.test(request.StreamName)) {
        throw kinesisValidation("StreamName", `Value '${String(request.StreamName)}' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ (1 to 128 characters).`);
      }
      const count = request.ShardCount ?? 1;
      if (!Number.isInteger(count) || count < 1 || count > 500) throw kinesisInvalidArgument("ShardCount", `ShardCount must be a whole number from 1 to 500; got ${count}.`);
      if (streams.has(request.StreamName)) {
        throw new MinicloudError("ResourceInUseException", `Stream ${request.StreamName} under account ${ACCOUNT_ID} already exists.`, { field: "StreamName" });
      }
      const createdMs = clock.now();
      const shards = evenHashKeyRanges(count).map((range, index): Shard => ({
        shardId: `shardId-${String(index).padStart(12, "0")}`,
        index,
        range,
        start: BigInt(range.StartingHashKey),
        end: BigInt(range.EndingHashKey),
        records: [],
        second: 0,
        secondRecords: 0,
        secondBytes: 0,
      }));
      streams.set(request.StreamName, { name: request.StreamName, arn: arn("kinesis", `stream/${request.StreamName}`), createdMs, shards });
    },

    /** DeleteStream: its records go with it; mappings reading it stop. */
    async deleteStream(request: StreamRef): Promise<void> {
      streams.delete(streamOf(request).name);
    },

    /** ListStreams: the names of this session's streams. */
    async listStreams(): Promise<{ StreamNames: string[]; HasMoreStreams: boolean }> {
      return { StreamNames: [...streams.keys()].sort(), HasMoreStreams: false };
    },

    /** DescribeStream: status, ARN and shards. */
    async describeStream(request: StreamRef) {
      const stream = streamOf(request);
      return {
        StreamDescription: {
          StreamName: stream.name,
          StreamARN: stream.arn,
          StreamStatus: "ACTIVE" as const,
          StreamModeDetails: { StreamMode: "PROVISIONED" as const },
          Shards: stream.shards.map((s) => describeShard(stream, s)),
          HasMoreShards: false,
          RetentionPeriodHours: 24,
          StreamCreationTimestamp: new Date(stream.createdMs),
          EnhancedMonitoring: [{ ShardLevelMetrics: [] as string[] }],
          EncryptionType: "NONE" as const,
        },
      };
    },

    /** ListShards. */
    async listShards(request: StreamRef): Promise<{ Shards: KinesisShard[] }> {
      const stream = streamOf(request);
      return { Shards: stream.shards.map((s) => describeShard(stream, s)) };
    },

    /** PutRecord: one record to the shard its partition key (or ExplicitHashKey) hashes to. */
    async putRecord(request: StreamRef & { Data: Uint8Array | string; PartitionKey: string; ExplicitHashKey?: string }): Promise<{ ShardId: string; SequenceNumber: string }> {
      const stream = streamOf(request);
      const result = append(stream, recordData(request.Data, request.PartitionKey, ""), request.PartitionKey, request.ExplicitHashKey, "");
      if ("error" in result) throw new MinicloudError("ProvisionedThroughputExceededException", result.error, { field: "PartitionKey" });
      return result;
    },

    /**
     * PutRecords: up to 500 records in one call. Each succeeds or fails on its own (a shard over its
     * write limit refuses the rest of its records this second); results are in request order.
     */
    async putRecords(request: StreamRef & { Records: { Data: Uint8Array | string; PartitionKey: string; ExplicitHashKey?: string }[] }) {
      const stream = streamOf(request);
      const records = request.Records;
      if (!Array.isArray(records) || records.length < 1 || records.length > 500) {
        throw kinesisValidation("Records", `Value at 'records' failed to satisfy constraint: Member must have length between 1 and 500; got ${Array.isArray(records) ? records.length : "none"}.`);
      }
      // The whole request is checked first, as Kinesis does: a bad record fails the call, nothing is written.
      const checked = records.map((r, i) => recordData(r.Data, r.PartitionKey, `Records[${i}].`));
      const total = checked.reduce((n, d, i) => n + d.length + Buffer.byteLength(records[i]!.PartitionKey), 0);
      if (total > 5 * 1024 * 1024) throw kinesisInvalidArgument("Records", `Records size exceeds 5 MB limit: the request holds ${total} bytes.`);
      let FailedRecordCount = 0;
      const Records = checked.map((data, i) => {
        const result = append(stream, data, records[i]!.PartitionKey, records[i]!.ExplicitHashKey, `Records[${i}].`);
        if (!("error" in result)) return result;
        FailedRecordCount++;
        return { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: result.error };
      });
      return { FailedRecordCount, Records, EncryptionType: "NONE" as const };
    },

    /** GetShardIterator: TRIM_HORIZON (oldest), LATEST (only new records), AT_/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP. */
    async getShardIterator(
      request: StreamRef & { ShardId: string; ShardIteratorType: "TRIM_HORIZON" | "LATEST" | "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "AT_TIMESTAMP"; StartingSequenceNumber?: string; Timestamp?: Date },
    ): Promise<{ ShardIterator: string }> {
      const stream = streamOf(request);
      const shard = shardOf(stream, request.ShardId);
      const type = request.ShardIteratorType;
      if (type === "TRIM_HORIZON") return { ShardIterator: iterator(stream, shard, 0) };
      if (type === "LATEST") return { ShardIterator: iterator(stream, shard, shard.records.length) };
      if (type === "AT_TIMESTAMP") {
        if (!(request.Timestamp instanceof Date)) throw kinesisInvalidArgument("Timestamp", "AT_TIMESTAMP needs a Timestamp (a Date).");
        const at = shard.records.findIndex((r) => r.arrivalMs >= request.Timestamp!.getTime());
        return { ShardIterator: iterator(stream, shard, at === -1 ? shard.records.length : at) };
      }
      if (type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") {
        const wanted = request.StartingSequenceNumber ?? "";
        const at = shard.records.findIndex((r) => compareSequenceNumbers(r.sequenceNumber, wanted) === 0);
        if (at === -1) {
          throw kinesisInvalidArgument("StartingSequenceNumber", `StartingSequenceNumber ${wanted} used in GetShardIterator on shard ${shard.shardId} in stream ${stream.name} under account ${ACCOUNT_ID} is invalid.`);
        }
        return { ShardIterator: iterator(stream, shard, type === "AT_SEQUENCE_NUMBER" ? at : at + 1) };
      }
      throw kinesisValidation("ShardIteratorType", `Value '${String(type)}' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP].`);
    },

    /** GetRecords: up to Limit (1–10,000) records from an iterator, and the iterator to read on with. */
    async getRecords(request: { ShardIterator: string; Limit?: number }): Promise<{ Records: KinesisRecord[]; NextShardIterator: string; MillisBehindLatest: number }> {
      let position: { s: string; h: string; p: number; t: number };
      try {
        position = JSON.parse(Buffer.from(request.ShardIterator, "base64").toString("utf8")) as typeof position;
        if (typeof position.p !== "number") throw new Error("no position");
      } catch {
        throw kinesisInvalidArgument("ShardIterator", "Invalid ShardIterator: pass one that getShardIterator or getRecords returned.");
      }
      if (clock.now() - position.t > ITERATOR_LIFETIME_MS) {
        throw new MinicloudError("ExpiredIteratorException", `Iterator expired. The iterator was created at time ${new Date(position.t).toISOString()} and is valid for 5 minutes; get a new one.`, { field: "ShardIterator" });
      }
      const limit = request.Limit ?? 10_000;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw kinesisValidation("Limit", `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000.`);
      const stream = streamOf({ StreamName: position.s });
      const shard = shardOf(stream, position.h);
      const slice = shard.records.slice(position.p, position.p + limit);
      const last = shard.records[shard.records.length - 1];
      const next = position.p + slice.length;
      return {
        Records: slice.map((r) => ({ SequenceNumber: r.sequenceNumber, ApproximateArrivalTimestamp: new Date(r.arrivalMs), Data: Uint8Array.from(r.payload.data), PartitionKey: r.partitionKey })),
        NextShardIterator: iterator(stream, shard, next),
        MillisBehindLatest: next >= shard.records.length || last === undefined ? 0 : Math.max(0, last.arrivalMs - shard.records[next]!.arrivalMs),
      };
    },

    /** The stream an ARN names, as Lambda's stream poller reads it; undefined if there is none. */
    polledStream(streamArn: string): PolledStream | undefined {
      const name = streamArn.startsWith("arn:aws:kinesis:") ? streamArn.split("/").pop() : undefined;
      const stream = name === undefined ? undefined : streams.get(name);
      if (!stream || stream.arn !== streamArn) return undefined;
      return {
        arn: stream.arn,
        batchInfoKey: "KinesisBatchInfo",
        // "Lambda polls each shard in your Kinesis stream for records at a base rate of once per second." (with-kinesis.html)
        pollIntervalMs: 1000,
        shards: () => (streams.get(stream.name) === stream ? stream.shards : undefined),
        eventRecord: (shardId, record, role) => kinesisEventRecord(stream.arn, shardId, record as ShardRecord<KinesisPayload>, role),
      };
    },
  };
  return kinesis;
}

/** minicloud's Kinesis Data Streams service (see {@link createKinesis}). */
export type Kinesis = ReturnType<typeof createKinesis>;
