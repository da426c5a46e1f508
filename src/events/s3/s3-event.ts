import { randomBytes } from "node:crypto";
import { region } from "../../core/arn.js";

/** What happened to an object, in S3's event names. */
export type S3EventName = "ObjectCreated:Put" | "ObjectCreated:Copy" | "ObjectRemoved:Delete";

/**
 * An object key as S3 writes it in event notifications: URL-encoded form style ("red flower.jpg" becomes
 * "red+flower.jpg", parentheses and the like are %-encoded), with "/" left as it is.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, "/")
    .replace(/%20/g, "+");
}

/** One S3 event record, in the structure S3 sends to Lambda (event version 2.1). */
export function s3EventRecord(options: {
  eventName: S3EventName;
  bucket: string;
  key: string;
  size: number;
  eTag: string;
  sequencer: string;
  configurationId: string;
  time: number;
}): Record<string, unknown> {
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: region(),
    eventTime: new Date(options.time).toISOString(),
    eventName: options.eventName,
    userIdentity: { principalId: "AWS:MINICLOUD" },
    requestParameters: { sourceIPAddress: "127.0.0.1" },
    responseElements: {
      "x-amz-request-id": randomBytes(8).toString("hex").toUpperCase(),
      "x-amz-id-2": randomBytes(48).toString("base64"),
    },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: options.configurationId,
      bucket: { name: options.bucket, ownerIdentity: { principalId: "MINICLOUD" }, arn: `arn:aws:s3:::${options.bucket}` },
      object: {
        key: encodeEventKey(options.key),
        ...(options.eventName.startsWith("ObjectCreated") ? { size: options.size, eTag: options.eTag } : {}),
        sequencer: options.sequencer,
      },
    },
  };
}
