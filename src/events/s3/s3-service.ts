import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../../core/clock.js";
import { payloadBlob, type PayloadBlob } from "../../lambda/payload.js";
import { s3Errors } from "./s3-errors.js";
import { s3EventRecord, type S3EventName } from "./s3-event.js";
import { listKeys, type ListObjectsV2Request } from "./s3-listing.js";

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
  /** User-defined metadata (`x-amz-meta-*`), names in lowercase as S3 keeps them. */
  metadata: Record<string, string>;
}

/** What HeadObject and GetObject tell about an object. */
export interface ObjectHead {
  ContentLength: number;
  ETag: string;
  LastModified: Date;
  ContentType: string;
  Metadata: Record<string, string>;
}

/** S3 keeps user metadata names in lowercase; names and values together are at most 2 KB. */
function checkMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const entries = Object.entries(metadata ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)] as const);
  const size = entries.reduce((n, [name, value]) => n + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
  if (size > 2048) throw s3Errors.metadataTooLarge(size);
  return Object.fromEntries(entries);
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

  const head = (o: StoredObject): ObjectHead => ({ ContentLength: o.size, ETag: o.eTag, LastModified: new Date(o.lastModified), ContentType: o.contentType, Metadata: { ...o.metadata } });
  const objectOf = (name: string, key: string): StoredObject => {
    const object = bucket(name).objects.get(key);
    if (!object) throw s3Errors.noSuchKey(name, key);
    return object;
  };
  const checkKey = (key: unknown): void => {
    if (typeof key !== "string" || key === "" || Buffer.byteLength(key) > 1024) throw s3Errors.invalidArgument("Key", "Key must be 1 to 1024 bytes of UTF-8.");
  };
  /** Writes an object's bytes and notifies subscribers of the event. */
  const store = async (name: string, key: string, body: Buffer, settings: { contentType: string; metadata: Record<string, string> }, eventName: S3EventName): Promise<StoredObject> => {
    const b = bucket(name);
    const eTag = `"${createHash("md5").update(body).digest("hex")}"`;
    writeFileSync(fileOf(name, key), body);
    const object: StoredObject = { size: body.length, eTag, lastModified: clock.now(), ...settings };
    b.objects.set(key, object);
    await emit(name, key, eventName, { size: object.size, eTag: eTag.slice(1, -1) });
    return object;
  };

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

    /** HeadBucket: succeeds when the bucket exists (NoSuchBucket otherwise). */
    async headBucket(request: { Bucket: string }): Promise<void> {
      bucket(request.Bucket);
    },

    /** PutObject: stores the body and notifies `s3:ObjectCreated:Put` subscribers. */
    async putObject(request: { Bucket: string; Key: string; Body: string | Uint8Array; ContentType?: string; Metadata?: Record<string, string> }): Promise<{ ETag: string }> {
      bucket(request.Bucket);
      checkKey(request.Key);
      const body = typeof request.Body === "string" ? Buffer.from(request.Body) : Buffer.from(request.Body);
      const settings = { contentType: request.ContentType ?? "application/octet-stream", metadata: checkMetadata(request.Metadata) };
      return { ETag: (await store(request.Bucket, request.Key, body, settings, "ObjectCreated:Put")).eTag };
    },

    /**
     * CopyObject: copies an object (within or across buckets) and notifies `s3:ObjectCreated:Copy`
     * subscribers. The copy keeps the source's metadata and content type unless MetadataDirective is REPLACE.
     * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
     */
    async copyObject(request: {
      Bucket: string;
      Key: string;
      /** `source-bucket/source-key` (URL-encoded, as the API takes it). */
      CopySource: string;
      MetadataDirective?: "COPY" | "REPLACE";
      ContentType?: string;
      Metadata?: Record<string, string>;
    }): Promise<{ CopyObjectResult: { ETag: string; LastModified: Date } }> {
      const source = /^\/?([^/]+)\/(.+)$/.exec(String(request.CopySource).split("?")[0] ?? "");
      if (!source) throw s3Errors.invalidArgument("CopySource", `Copy Source must mention the source bucket and key: sourcebucket/sourcekey; got ${String(request.CopySource)}.`);
      const [sourceBucket, sourceKey] = [decodeURIComponent(source[1]!), decodeURIComponent(source[2]!)];
      const original = objectOf(sourceBucket, sourceKey);
      bucket(request.Bucket);
      checkKey(request.Key);
      const directive = request.MetadataDirective ?? "COPY";
      if (directive !== "COPY" && directive !== "REPLACE") throw s3Errors.invalidArgument("MetadataDirective", `Unknown metadata directive: ${String(directive)} (COPY or REPLACE).`);
      if (directive === "COPY" && sourceBucket === request.Bucket && sourceKey === request.Key) throw s3Errors.copyToItself();
      const settings =
        directive === "REPLACE"
          ? { contentType: request.ContentType ?? "application/octet-stream", metadata: checkMetadata(request.Metadata) }
          : { contentType: original.contentType, metadata: { ...original.metadata } };
      const copied = await store(request.Bucket, request.Key, readFileSync(fileOf(sourceBucket, sourceKey)), settings, "ObjectCreated:Copy");
      return { CopyObjectResult: { ETag: copied.eTag, LastModified: new Date(copied.lastModified) } };
    },

    /** GetObject: the body as the SDK v3 gives it (bytes with `transformToString()`). */
    async getObject(request: { Bucket: string; Key: string }): Promise<ObjectHead & { Body: PayloadBlob }> {
      const object = objectOf(request.Bucket, request.Key);
      return { Body: payloadBlob(readFileSync(fileOf(request.Bucket, request.Key))), ...head(object) };
    },

    /** HeadObject. */
    async headObject(request: { Bucket: string; Key: string }): Promise<ObjectHead> {
      return head(objectOf(request.Bucket, request.Key));
    },

    /** DeleteObject: succeeds even for a missing key (as S3 does), and notifies `s3:ObjectRemoved:Delete`. */
    async deleteObject(request: { Bucket: string; Key: string }): Promise<void> {
      const b = bucket(request.Bucket);
      if (!b.objects.delete(request.Key)) return;
      rmSync(fileOf(request.Bucket, request.Key), { force: true });
      await emit(request.Bucket, request.Key, "ObjectRemoved:Delete", { size: 0, eTag: "" });
    },

    /** ListObjectsV2: keys in order, a page at a time, optionally under a prefix and rolled up by a delimiter. */
    async listObjectsV2(request: ListObjectsV2Request): Promise<{
      Contents: { Key: string; Size: number; ETag: string; LastModified: Date }[];
      CommonPrefixes: { Prefix: string }[];
      KeyCount: number;
      IsTruncated: boolean;
      NextContinuationToken?: string;
    }> {
      const objects = bucket(request.Bucket).objects;
      const page = listKeys(objects.keys(), request);
      return {
        Contents: page.keys.map((Key) => {
          const o = objects.get(Key)!;
          return { Key, Size: o.size, ETag: o.eTag, LastModified: new Date(o.lastModified) };
        }),
        CommonPrefixes: page.commonPrefixes.map((Prefix) => ({ Prefix })),
        KeyCount: page.keys.length + page.commonPrefixes.length,
        IsTruncated: page.isTruncated,
        ...(page.nextContinuationToken !== undefined ? { NextContinuationToken: page.nextContinuationToken } : {}),
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
