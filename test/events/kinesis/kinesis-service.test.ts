import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, createVirtualClock } from "minicloud";

describe("Kinesis Data Streams", () => {
  let cloud: Cloud;
  const clock = createVirtualClock();
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "simulated", clock });
  });
  afterAll(async () => cloud?.shutdown());
  const text = (s: string) => new TextEncoder().encode(s);

  it("splits the 128-bit hash key space evenly between shards, as CreateStream does", async () => {
    await cloud.kinesis.createStream({ StreamName: "three", ShardCount: 3 });
    const { Shards } = await cloud.kinesis.listShards({ StreamName: "three" });
    expect(Shards.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    expect(Shards[0]!.HashKeyRange).toEqual({ StartingHashKey: "0", EndingHashKey: "113427455640312821154458202477256070484" });
    expect(Shards[2]!.HashKeyRange.EndingHashKey).toBe(String(2n ** 128n - 1n));
    const { StreamDescription } = await cloud.kinesis.describeStream({ StreamName: "three" });
    expect(StreamDescription).toMatchObject({ StreamStatus: "ACTIVE", StreamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/three", RetentionPeriodHours: 24 });
  });

  it("puts a record in the shard whose range holds the MD5 of its partition key, with growing sequence numbers", async () => {
    const { Shards } = await cloud.kinesis.listShards({ StreamName: "three" });
    const expectedShard = (key: string) => {
      const hash = BigInt(`0x${createHash("md5").update(key).digest("hex")}`);
      return Shards.find((s) => hash >= BigInt(s.HashKeyRange.StartingHashKey) && hash <= BigInt(s.HashKeyRange.EndingHashKey))!.ShardId;
    };
    const last = new Map<string, bigint>();
    for (let i = 0; i < 60; i++) {
      const key = `user-${i % 12}`;
      const put = await cloud.kinesis.putRecord({ StreamName: "three", PartitionKey: key, Data: text(`event ${i}`) });
      expect(put.ShardId).toBe(expectedShard(key));
      expect(BigInt(put.SequenceNumber)).toBeGreaterThan(last.get(put.ShardId) ?? -1n);
      last.set(put.ShardId, BigInt(put.SequenceNumber));
    }
    const explicit = await cloud.kinesis.putRecord({ StreamName: "three", PartitionKey: "any", ExplicitHashKey: String(2n ** 128n - 1n), Data: text("last shard") });
    expect(explicit.ShardId).toBe("shardId-000000000002");
  });

  it("reads a shard from TRIM_HORIZON, LATEST, AT_ and AFTER_SEQUENCE_NUMBER", async () => {
    await cloud.kinesis.createStream({ StreamName: "reads" });
    const puts = [];
    for (const word of ["a", "b", "c"]) puts.push(await cloud.kinesis.putRecord({ StreamName: "reads", PartitionKey: "k", Data: text(word) }));
    const read = async (ShardIteratorType: "TRIM_HORIZON" | "LATEST" | "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber?: string) => {
      const { ShardIterator } = await cloud.kinesis.getShardIterator({ StreamName: "reads", ShardId: "shardId-000000000000", ShardIteratorType, ...(StartingSequenceNumber ? { StartingSequenceNumber } : {}) });
      return cloud.kinesis.getRecords({ ShardIterator });
    };
    const words = (r: { Records: { Data: Uint8Array }[] }) => r.Records.map((x) => new TextDecoder().decode(x.Data));
    expect(words(await read("TRIM_HORIZON"))).toEqual(["a", "b", "c"]);
    expect(words(await read("AT_SEQUENCE_NUMBER", puts[1]!.SequenceNumber))).toEqual(["b", "c"]);
    expect(words(await read("AFTER_SEQUENCE_NUMBER", puts[1]!.SequenceNumber))).toEqual(["c"]);
    const latest = await read("LATEST");
    expect(latest.Records).toEqual([]);
    await cloud.kinesis.putRecord({ StreamName: "reads", PartitionKey: "k", Data: text("d") });
    const next = await cloud.kinesis.getRecords({ ShardIterator: latest.NextShardIterator, Limit: 5 });
    expect(words(next)).toEqual(["d"]);
    expect(next.Records[0]).toMatchObject({ PartitionKey: "k", ApproximateArrivalTimestamp: expect.any(Date) });
    await clock.advance(5 * 60_000 + 1);
    await expect(cloud.kinesis.getRecords({ ShardIterator: next.NextShardIterator })).rejects.toMatchObject({ name: "ExpiredIteratorException" });
  });

  it("answers PutRecords record by record: a shard over 1,000 records a second refuses the rest", async () => {
    await cloud.kinesis.createStream({ StreamName: "busy" });
    const records = Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `k${i}`, Data: text(String(i)) }));
    await cloud.kinesis.putRecords({ StreamName: "busy", Records: records });
    const second = await cloud.kinesis.putRecords({ StreamName: "busy", Records: records });
    expect(second.FailedRecordCount).toBe(0);
    const third = await cloud.kinesis.putRecords({ StreamName: "busy", Records: records.slice(0, 3) });
    expect(third.FailedRecordCount).toBe(3);
    expect(third.Records[0]).toMatchObject({ ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: expect.stringContaining("shardId-000000000000") });
    await clock.advance(1000);
    expect((await cloud.kinesis.putRecords({ StreamName: "busy", Records: records.slice(0, 3) })).FailedRecordCount).toBe(0);
  });

  it("refuses bad input with Kinesis's errors, naming the field, and keeps what was accepted", async () => {
    const bad = (p: Promise<unknown>, name: string, field: string) => expect(p).rejects.toMatchObject({ name, field });
    await bad(cloud.kinesis.putRecord({ StreamName: "ghost", PartitionKey: "k", Data: text("x") }), "ResourceNotFoundException", "StreamName");
    await bad(cloud.kinesis.putRecord({ StreamName: "reads", PartitionKey: "", Data: text("x") }), "ValidationException", "PartitionKey");
    await bad(cloud.kinesis.putRecord({ StreamName: "reads", PartitionKey: "k", Data: new Uint8Array(1024 * 1024) }), "ValidationException", "Data");
    await bad(cloud.kinesis.putRecord({ StreamName: "reads", PartitionKey: "k", Data: text("x"), ExplicitHashKey: String(2n ** 128n) }), "InvalidArgumentException", "ExplicitHashKey");
    await bad(cloud.kinesis.putRecords({ StreamName: "reads", Records: [{ PartitionKey: "k", Data: text("fine") }, { PartitionKey: "k", Data: new Uint8Array(1024 * 1024) }] }), "ValidationException", "Records[1].Data");
    await bad(cloud.kinesis.createStream({ StreamName: "reads" }), "ResourceInUseException", "StreamName");
    await bad(cloud.kinesis.createStream({ StreamName: "zero", ShardCount: 0 }), "InvalidArgumentException", "ShardCount");
    await bad(cloud.kinesis.createStream({ StreamName: "bad name" }), "ValidationException", "StreamName");
    await bad(cloud.kinesis.getShardIterator({ StreamName: "reads", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: "1" }), "InvalidArgumentException", "StartingSequenceNumber");
    await bad(cloud.kinesis.getRecords({ ShardIterator: "not an iterator" }), "InvalidArgumentException", "ShardIterator");
    const { ShardIterator } = await cloud.kinesis.getShardIterator({ StreamName: "reads", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" });
    expect((await cloud.kinesis.getRecords({ ShardIterator })).Records).toHaveLength(4);
    await cloud.kinesis.putRecord({ StreamName: "reads", PartitionKey: "k", Data: new Uint8Array(1024 * 1024 - 1) });
  });
});
