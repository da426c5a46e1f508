import { randomBytes, randomUUID } from "node:crypto";
import { region } from "../../core/arn.js";
import type { PolledStream, ShardRecord, StreamShard } from "../streams/stream-shard.js";
import { canonical, itemSize, type Item } from "./attribute-values.js";

/** What a table's stream records about each change. */
export type StreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";
export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"];

/** One change as the stream keeps it (the `dynamodb` part of a stream record, and its name). */
export interface TableChange {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  dynamodb: Record<string, unknown>;
}

/**
 * A table's stream: one shard holding every change in order, each described as the view type says.
 * Its ARN is the table's ARN, "/stream/", and the time it was enabled (the stream label).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
 */
export class TableStream {
  readonly arn: string;
  readonly label: string;
  readonly viewType: StreamViewType;
  readonly shard: StreamShard<TableChange>;
  readonly #createdS: number;
  /** False once the table (and so the stream) is deleted. */
  live = true;

  constructor(tableArn: string, viewType: StreamViewType, nowMs: number) {
    // The label is the creation time in ISO 8601 without the zone, as DynamoDB writes it.
    this.label = new Date(nowMs).toISOString().replace("Z", "");
    this.arn = `${tableArn}/stream/${this.label}`;
    this.viewType = viewType;
    this.#createdS = Math.floor(nowMs / 1000);
    this.shard = { shardId: `shardId-${String(Math.floor(nowMs)).padStart(20, "0")}-${randomBytes(4).toString("hex")}`, records: [] };
  }

  /** Records a change of one item; a write that changed nothing records nothing, as DynamoDB does. */
  record(keys: Item, oldImage: Item | undefined, newImage: Item | undefined, hashKeyText: string, nowMs: number): void {
    if (oldImage === undefined && newImage === undefined) return;
    if (oldImage !== undefined && newImage !== undefined && canonical(oldImage) === canonical(newImage)) return;
    const eventName = oldImage === undefined ? "INSERT" : newImage === undefined ? "REMOVE" : "MODIFY";
    const images: Record<string, Item> = { Keys: keys };
    if ((this.viewType === "NEW_IMAGE" || this.viewType === "NEW_AND_OLD_IMAGES") && newImage) images["NewImage"] = newImage;
    if ((this.viewType === "OLD_IMAGE" || this.viewType === "NEW_AND_OLD_IMAGES") && oldImage) images["OldImage"] = oldImage;
    const sequenceNumber = `${this.#createdS}${String(this.shard.records.length + 1).padStart(15, "0")}`;
    const record: ShardRecord<TableChange> = {
      sequenceNumber,
      arrivalMs: nowMs,
      partitionKey: hashKeyText,
      payload: {
        eventID: randomUUID().replace(/-/g, ""),
        eventName,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(nowMs / 1000),
          ...images,
          SequenceNumber: sequenceNumber,
          SizeBytes: Object.values(images).reduce((n, image) => n + itemSize(image), 0),
          StreamViewType: this.viewType,
        },
      },
    };
    this.shard.records.push(record);
  }

  /** The stream as Lambda's stream poller reads it. */
  polled(): PolledStream {
    return {
      arn: this.arn,
      batchInfoKey: "DDBStreamBatchInfo",
      // "Lambda polls shards in your DynamoDB stream for records at a base rate of 4 times per second." (with-ddb.html)
      pollIntervalMs: 250,
      shards: () => (this.live ? [this.shard] : undefined),
      eventRecord: (_shardId, record) => dynamodbEventRecord(this.arn, record as ShardRecord<TableChange>),
    };
  }
}

/** A change as Lambda's DynamoDB event carries it (`DynamoDBRecord` in @types/aws-lambda). */
export function dynamodbEventRecord(streamArn: string, record: ShardRecord<TableChange>): Record<string, unknown> {
  const change = record.payload;
  return {
    eventID: change.eventID,
    eventName: change.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: region(),
    dynamodb: change.dynamodb,
    eventSourceARN: streamArn,
  };
}
