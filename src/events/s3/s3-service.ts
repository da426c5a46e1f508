import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../../core/clock.js";
import { payloadBlob, type PayloadBlob } from "../../lambda/payload.js";
import { s3Errors } from "./s3-errors.js";
import { s3EventRecord, type S3EventName } from "./s3-event.js";

/** A notification target: a Lambda function invoked (asynchronously) for matching events. */
export interface LambdaFunctionConfiguration {
  Id?: string;
  LambdaFunctionArn: string;
  /** e.g. ["s3:ObjectCreated:*"], ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"] */
  Events: string[];
  Filter?: { Key?: { FilterRules?: { Name: "prefix" | "suffix" | "Prefix" | "Suffix"; Value: string }[] } };
}

/** Options for {@link createS3}. */
export interface S3Options {
  clock: Clock;
  /** Where objects are kept on disk (one folder per bucket). */
  dir: string;
  /** Called for each notification to deliver: S3 invokes Lambda asynchronously. */
  notify(functionArn: string, event: { Records: Record<string, unknown>[] }): Promise<void>;
}

interface StoredObject {
  size: number;
  eTag: string;
  lastModified: number;
  contentType: string;
}

const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const VALID_EVENTS = /^s3:(ObjectCreated:(\*|Put|Copy)|ObjectRemoved:(\*|Delete))$/;

/** S3's matching of an event name against a configured one (`s3:ObjectCreated:*` matches Put and Copy). */
function eventMatches(configured: string, eventName: S3EventName): boolean {
  const [, kind, detail] = /^s3:([^:]+):(.+)$/.exec(configured) ?? [];
  const [eventKind, eventDetail] = eventName.split(":");
  return kind === eventKind && (detail === "*" || detail === eventDetail);
}

/**
 * Whether an object key passes a notification's filter: S3 compares the prefix and the suffix literally
 * (case matters, no wildcards); rule names are case-insensitive ("Prefix" as S3 itself writes them back).
 */
export function keyMatchesFilter(key: string, filter: LambdaFunctionConfiguration["Filter"]): boolean {
  return (filter?.Key?.FilterRules ?? []).every((r) => (r.Name.toLowerCase() === "prefix" ? key.startsWith(r.Value) : key.endsWith(r.Value)));
}

/** S3's checks of a filter: each rule is a prefix or a suffix, at most one of each. */
function checkFilterRules(rules: readonly { Name: string; Value: string }[], field: string): void {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const name = typeof rule?.Name === "string" ? rule.Name.toLowerCase() : "";
    if (name !== "prefix" && name !== "suffix") throw s3Errors.invalidArgument(`${field}[${i}].Name`, `FilterRule name must be either prefix or suffix; got ${String(rule?.Name)}.`);
    if (typeof rule.Value !== "string" || Buffer.byteLength(rule.Value) > 1024) throw s3Errors.invalidArgument(`${field}[${i}].Value`, "A filter rule's Value must be a string of at most 1024 bytes.");
    if (seen.has(name)) throw s3Errors.invalidArgument(`${field}[${i}].Name`, `Cannot specify more than one ${name} rule in a filter.`);
    seen.add(name);
  });
}

/**
 * minicloud's S3: buckets and objects kept on disk (ETag = MD5 of the content, as S3's for single-part
 * uploads), and event notifications to Lambda with prefix and suffix filters, in S3's event format.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
 */
export function createS3(options: S3Options) {
  const { clock, dir } = options;
  const buckets = new Map<string, { objects: Map<string, StoredObject>; notifications: LambdaFunctionConfiguration[]; createdAt: number }>();
  let sequence = 0;

  const bucket = (name: string) => {
    const found = buckets.get(name);
    if (!found) throw s3Errors.noSuchBucket(name);
    return found;
  };
  const fileOf = (name: string, key: string): string => join(dir, name, Buffer.from(key).toString("base64url"));

  const emit = async (name: string, key: string, eventName: S3EventName, object: { size: number; eTag: string }): Promise<void> => {
    const b = bucket(name);
    const sequencer = (++sequence).toString(16).toUpperCase().padStart(16, "0");
    for (const config of b.notifications) {
      if (!config.Events.some((e) => eventMatches(e, eventName))) continue;
      if (!keyMatchesFilter(key, config.Filter)) continue;
      const record = s3EventRecord({ eventName, bucket: name, key, size: object.size, eTag: object.eTag, sequencer, configurationId: config.Id ?? "minicloud", time: clock.now() });
      await options.notify(config.LambdaFunctionArn, { Records: [record] });
    }
  };

  return {
    /** CreateBucket. */
    async createBucket(request: { Bucket: string }): Promise<{ Location: string }> {
      if (typeof request.Bucket !== "string" || !BUCKET_NAME.test(request.Bucket) || request.Bucket.includes("..")) throw s3Errors.invalidName(String(request.Bucket));
      if (buckets.has(request.Bucket)) throw s3Errors.alreadyOwned(request.Bucket);
      // Owner only, the session's folder included when this makes it: other users of the machine must not read the objects.
      mkdirSync(join(dir, request.Bucket), { recursive: true, mode: 0o700 });
      buckets.set(request.Bucket, { objects: new Map(), notifications: [], createdAt: clock.now() });
      return { Location: `/${request.Bucket}` };
    },

    /** ListBuckets. */
    async listBuckets(): Promise<{ Buckets: { Name: string; CreationDate: Date }[] }> {
      return { Buckets: [...buckets.entries()].map(([Name, b]) => ({ Name, CreationDate: new Date(b.createdAt) })) };
    },

    /** DeleteBucket: only an empty one, as S3 requires. */
    async deleteBucket(request: { Bucket: string }): Promise<void> {
      if (bucket(request.Bucket).objects.size > 0) throw s3Errors.notEmpty(request.Bucket);
      buckets.delete(request.Bucket);
      rmSync(join(dir, request.Bucket), { recursive: true, force: true });
    },

    /** PutObject: stores the body and notifies `s3:ObjectCreated:Put` subscribers. */
    async putObject(request: { Bucket: string; Key: string; Body: string | Uint8Array; ContentType?: string }): Promise<{ ETag: string }> {
      const b = bucket(request.Bucket);
      if (typeof request.Key !== "string" || request.Key === "" || Buffer.byteLength(request.Key) > 1024) {
        throw s3Errors.invalidArgument("Key", "Key must be 1 to 1024 bytes of UTF-8.");
      }
      const body = typeof request.Body === "string" ? Buffer.from(request.Body) : Buffer.from(request.Body);
      const eTag = `"${createHash("md5").update(body).digest("hex")}"`;
      writeFileSync(fileOf(request.Bucket, request.Key), body);
      const object = { size: body.length, eTag, lastModified: clock.now(), contentType: request.ContentType ?? "application/octet-stream" };
      b.objects.set(request.Key, object);
      await emit(request.Bucket, request.Key, "ObjectCreated:Put", { size: object.size, eTag: eTag.slice(1, -1) });
      return { ETag: eTag };
    },

    /** GetObject: the body as the SDK v3 gives it (bytes with `transformToString()`). */
    async getObject(request: { Bucket: string; Key: string }): Promise<{ Body: PayloadBlob; ContentLength: number; ETag: string; LastModified: Date; ContentType: string }> {
      const object = bucket(request.Bucket).objects.get(request.Key);
      if (!object) throw s3Errors.noSuchKey(request.Bucket, request.Key);
      const body = readFileSync(fileOf(request.Bucket, request.Key));
      return { Body: payloadBlob(body), ContentLength: object.size, ETag: object.eTag, LastModified: new Date(object.lastModified), ContentType: object.contentType };
    },

    /** HeadObject. */
    async headObject(request: { Bucket: string; Key: string }): Promise<{ ContentLength: number; ETag: string; LastModified: Date; ContentType: string }> {
      const object = bucket(request.Bucket).objects.get(request.Key);
      if (!object) throw s3Errors.noSuchKey(request.Bucket, request.Key);
      return { ContentLength: object.size, ETag: object.eTag, LastModified: new Date(object.lastModified), ContentType: object.contentType };
    },

    /** DeleteObject: succeeds even for a missing key (as S3 does), and notifies `s3:ObjectRemoved:Delete`. */
    async deleteObject(request: { Bucket: string; Key: string }): Promise<void> {
      const b = bucket(request.Bucket);
      if (!b.objects.delete(request.Key)) return;
      rmSync(fileOf(request.Bucket, request.Key), { force: true });
      await emit(request.Bucket, request.Key, "ObjectRemoved:Delete", { size: 0, eTag: "" });
    },

    /** ListObjectsV2, in key order, with a prefix and a page size. */
    async listObjectsV2(request: { Bucket: string; Prefix?: string; MaxKeys?: number }): Promise<{
      Contents: { Key: string; Size: number; ETag: string; LastModified: Date }[];
      KeyCount: number;
      IsTruncated: boolean;
    }> {
      const maxKeys = request.MaxKeys ?? 1000;
      const keys = [...bucket(request.Bucket).objects.entries()].filter(([k]) => k.startsWith(request.Prefix ?? "")).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const page = keys.slice(0, maxKeys);
      return {
        Contents: page.map(([Key, o]) => ({ Key, Size: o.size, ETag: o.eTag, LastModified: new Date(o.lastModified) })),
        KeyCount: page.length,
        IsTruncated: keys.length > maxKeys,
      };
    },

    /** PutBucketNotificationConfiguration: which events invoke which functions (replaces the previous one). */
    async putBucketNotificationConfiguration(request: { Bucket: string; NotificationConfiguration: { LambdaFunctionConfigurations?: LambdaFunctionConfiguration[] } }): Promise<void> {
      const b = bucket(request.Bucket);
      const configs = request.NotificationConfiguration.LambdaFunctionConfigurations ?? [];
      configs.forEach((c, i) => {
        for (const event of c.Events ?? []) {
          if (!VALID_EVENTS.test(event)) {
            throw s3Errors.invalidArgument(`NotificationConfiguration.LambdaFunctionConfigurations[${i}].Events`, `The event is not supported for notifications: ${event} (use s3:ObjectCreated:*, s3:ObjectCreated:Put, s3:ObjectRemoved:* ...).`);
          }
        }
        if (!/^arn:aws:lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9$-_]+)?$/.test(c.LambdaFunctionArn ?? "")) {
          throw s3Errors.invalidArgument(`NotificationConfiguration.LambdaFunctionConfigurations[${i}].LambdaFunctionArn`, `Unable to validate the following destination configurations: ${c.LambdaFunctionArn} is not a Lambda function ARN.`);
        }
        checkFilterRules(c.Filter?.Key?.FilterRules ?? [], `NotificationConfiguration.LambdaFunctionConfigurations[${i}].Filter.Key.FilterRules`);
      });
      b.notifications = configs.map((c) => ({ ...c }));
    },

    /** Removes every bucket's files (the session is over). */
    shutdown(): void {
      buckets.clear();
      if (existsSync(dir)) for (const name of readdirSync(dir)) if (statSync(join(dir, name)).isDirectory()) rmSync(join(dir, name), { recursive: true, force: true });
    },
  };
}

/** minicloud's S3 service (see {@link createS3}). */
export type S3 = ReturnType<typeof createS3>;
