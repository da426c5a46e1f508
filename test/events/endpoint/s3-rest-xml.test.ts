import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Cloud } from "minicloud";
import { clientConfig } from "../../support/sdk-clients.js";

// The S3 SDK client in this process against the session's endpoint: what a handler's client sees.
describe("S3 over the endpoint (REST-XML)", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let s3: S3Client;

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    s3 = new S3Client(await clientConfig(cloud));
    await s3.send(new CreateBucketCommand({ Bucket: "wire" }));
  });
  afterAll(async () => {
    s3?.destroy();
    await cloud?.shutdown();
  });

  it("puts and gets an object with its content type, metadata and S3's ETag; HEAD tells the same", async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: "wire", Key: "in/june sales+tax.csv", Body: "day,total\n1,120\n", ContentType: "text/csv", Metadata: { Source: "shop" } }));
    expect(put.ETag).toBe(`"${createHash("md5").update("day,total\n1,120\n").digest("hex")}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: "wire", Key: "in/june sales+tax.csv" }));
    expect(await got.Body!.transformToString()).toBe("day,total\n1,120\n");
    expect(got).toMatchObject({ ContentType: "text/csv", ContentLength: 16, ETag: put.ETag, Metadata: { source: "shop" } });
    const head = await s3.send(new HeadObjectCommand({ Bucket: "wire", Key: "in/june sales+tax.csv" }));
    expect(head).toMatchObject({ ContentLength: 16, ETag: put.ETag, Metadata: { source: "shop" } });
    expect(head.LastModified).toBeInstanceOf(Date);
    // The library's S3 sees the same object: one store behind both.
    expect((await cloud.s3.getObject({ Bucket: "wire", Key: "in/june sales+tax.csv" })).Body.transformToString()).toBe("day,total\n1,120\n");
  });

  it("serves byte ranges with 206 and Content-Range, and refuses one past the end with InvalidRange", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "wire", Key: "digits", Body: "0123456789" }));
    const middle = await s3.send(new GetObjectCommand({ Bucket: "wire", Key: "digits", Range: "bytes=2-4" }));
    expect([await middle.Body!.transformToString(), middle.ContentRange, middle.ContentLength]).toEqual(["234", "bytes 2-4/10", 3]);
    const tail = await s3.send(new GetObjectCommand({ Bucket: "wire", Key: "digits", Range: "bytes=-3" }));
    expect(await tail.Body!.transformToString()).toBe("789");
    await expect(s3.send(new GetObjectCommand({ Bucket: "wire", Key: "digits", Range: "bytes=20-" }))).rejects.toMatchObject({ name: "InvalidRange", $metadata: { httpStatusCode: 416 } });
  });

  it("takes a streamed upload (aws-chunked, with its CRC32 trailer)", async () => {
    const body = Readable.from([Buffer.from("streamed "), Buffer.from("in two chunks")]);
    await s3.send(new PutObjectCommand({ Bucket: "wire", Key: "streamed", Body: body, ContentLength: 22 }));
    expect((await cloud.s3.getObject({ Bucket: "wire", Key: "streamed" })).Body.transformToString()).toBe("streamed in two chunks");
  });

  it("refuses an upload whose checksum does not match its bytes with BadDigest, and stores nothing", async () => {
    await expect(s3.send(new PutObjectCommand({ Bucket: "wire", Key: "damaged", Body: "hello", ChecksumCRC32: "AAAAAA==" }))).rejects.toMatchObject({ name: "BadDigest" });
    await expect(s3.send(new PutObjectCommand({ Bucket: "wire", Key: "damaged", Body: "hello", ContentMD5: createHash("md5").update("other").digest("base64") }))).rejects.toMatchObject({ name: "BadDigest" });
    await expect(cloud.s3.headObject({ Bucket: "wire", Key: "damaged" })).rejects.toMatchObject({ name: "NoSuchKey" });
  });

  it("lists with a prefix, a delimiter's common prefixes, and continuation tokens page after page", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "tree" }));
    const keys = ["a.txt", "docs/one.txt", "docs/two.txt", "docs/deep/three.txt", "img/x.png", "z.txt"];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: "tree", Key, Body: Key }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: "tree", Delimiter: "/" }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(["a.txt", "z.txt"]);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["docs/", "img/"]);
    expect(top.KeyCount).toBe(4);
    const docs = await s3.send(new ListObjectsV2Command({ Bucket: "tree", Prefix: "docs/", Delimiter: "/" }));
    expect([docs.Contents?.map((c) => c.Key), docs.CommonPrefixes?.map((p) => p.Prefix)]).toEqual([["docs/one.txt", "docs/two.txt"], ["docs/deep/"]]);
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: "tree", MaxKeys: 2, Delimiter: "/" })) {
      pages.push([...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!)].sort());
    }
    expect(pages).toEqual([["a.txt", "docs/"], ["img/", "z.txt"]]);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: "tree", StartAfter: "docs/two.txt" }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(["img/x.png", "z.txt"]);
  });

  it("copies objects, keeping or replacing their metadata, and refuses a copy onto itself that changes nothing", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "wire", Key: "original", Body: "copy me", ContentType: "text/plain", Metadata: { kept: "yes" } }));
    const copy = await s3.send(new CopyObjectCommand({ Bucket: "wire", Key: "copies/one", CopySource: "wire/original" }));
    expect(copy.CopyObjectResult?.ETag).toBe(`"${createHash("md5").update("copy me").digest("hex")}"`);
    expect(await s3.send(new HeadObjectCommand({ Bucket: "wire", Key: "copies/one" }))).toMatchObject({ ContentType: "text/plain", Metadata: { kept: "yes" } });
    await s3.send(new CopyObjectCommand({ Bucket: "wire", Key: "copies/two", CopySource: "wire/original", MetadataDirective: "REPLACE", Metadata: { fresh: "1" } }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: "wire", Key: "copies/two" }))).Metadata).toEqual({ fresh: "1" });
    await expect(s3.send(new CopyObjectCommand({ Bucket: "wire", Key: "original", CopySource: "wire/original" }))).rejects.toMatchObject({ name: "InvalidRequest" });
  });

  it("answers errors as the SDK's exception classes: NoSuchKey, NoSuchBucket, and NotFound for a HEAD", async () => {
    await expect(s3.send(new GetObjectCommand({ Bucket: "wire", Key: "missing" }))).rejects.toMatchObject({ name: "NoSuchKey", $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: "x" }))).rejects.toMatchObject({ name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new HeadObjectCommand({ Bucket: "wire", Key: "missing" }))).rejects.toMatchObject({ name: "NotFound", $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket" }))).rejects.toMatchObject({ name: "NotFound" });
    await expect(s3.send(new CreateBucketCommand({ Bucket: "wire" }))).rejects.toMatchObject({ name: "BucketAlreadyOwnedByYou" });
  });

  it("refuses what it does not serve with NotImplemented naming it, and a garbled path with InvalidURI", async () => {
    const response = await fetch(`${(await cloud.awsAccess()).endpointUrl}/wire/original?tagging`, { headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, Signature=x" } });
    expect(response.status).toBe(501);
    expect(await response.text()).toMatch(/<Code>NotImplemented<\/Code>.*"tagging" sub-resource/s);
    const garbled = await fetch(`${(await cloud.awsAccess()).endpointUrl}/wire/100%zz`, { headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, Signature=x" } });
    expect([garbled.status, await garbled.text()]).toEqual([400, expect.stringMatching(/<Code>InvalidURI<\/Code>/)]);
  });

  it("deletes objects (a missing key is no error) and lists buckets", async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: "wire", Key: "digits" }));
    await s3.send(new DeleteObjectCommand({ Bucket: "wire", Key: "never-there" }));
    await expect(cloud.s3.headObject({ Bucket: "wire", Key: "digits" })).rejects.toMatchObject({ name: "NoSuchKey" });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name).sort()).toEqual(["tree", "wire"]);
  });

  it("fires the bucket's notifications for writes through the endpoint, as for the library's writes", async () => {
    await cloud.lambda.createFunction({
      FunctionName: "on-write",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => { console.log("EVENT " + event.Records[0].eventName + " " + event.Records[0].s3.object.key); };' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "watched" }));
    await cloud.s3.putBucketNotificationConfiguration({
      Bucket: "watched",
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:on-write", Events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"] }] },
    });
    await s3.send(new PutObjectCommand({ Bucket: "watched", Key: "new file.txt", Body: "x" }));
    await s3.send(new CopyObjectCommand({ Bucket: "watched", Key: "copied.txt", CopySource: "watched/new%20file.txt" }));
    await s3.send(new DeleteObjectCommand({ Bucket: "watched", Key: "new file.txt" }));
    await cloud.lambda.settled();
    const events = cloud.lambda.logs.filterLogEvents("/aws/lambda/on-write", (m) => m.includes("EVENT ")).map((e) => e.message.split("EVENT ")[1]!.trim());
    expect(events.sort()).toEqual(["ObjectCreated:Copy copied.txt", "ObjectCreated:Put new+file.txt", "ObjectRemoved:Delete new+file.txt"]);
  });
});
