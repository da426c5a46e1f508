import { randomBytes } from "node:crypto";
import { ACCOUNT_ID, region } from "../../core/arn.js";
import { MinicloudError } from "../../core/errors.js";
import type { ObjectHead, S3 } from "../s3/s3-service.js";
import type { EndpointReply, EndpointRequest, ServiceProtocol } from "./endpoint-request.js";
import { requestedRange, uploadBody } from "./s3-payload.js";
import { bareXmlDocument, xmlDocument, type XmlElement } from "./xml.js";

const NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
/** minicloud keeps objects in memory on their way in and out: a bound, far under S3's 5 GB for one PUT. */
const MAX_OBJECT_BYTES = 256 * 1024 * 1024;

const notImplemented = (what: string) =>
  new MinicloudError(
    "NotImplemented",
    `A header you provided implies functionality that is not implemented: minicloud's S3 endpoint does not do ${what}. It does PutObject, GetObject, HeadObject, DeleteObject, CopyObject, ListObjectsV2, CreateBucket, HeadBucket, DeleteBucket and ListBuckets.`,
    { statusCode: 501 },
  );

/** Query parameters each kind of request may carry; any other names a sub-resource minicloud does not serve. */
const OBJECT_PARAMETERS = new Set(["x-id"]);
const LIST_PARAMETERS = new Set(["x-id", "list-type", "prefix", "delimiter", "max-keys", "continuation-token", "start-after", "fetch-owner"]);

function refuseOtherParameters(query: URLSearchParams, allowed: Set<string>): void {
  // A presigned URL carries its signature in X-Amz-* parameters.
  for (const name of query.keys()) if (!allowed.has(name) && !/^x-amz-/i.test(name)) throw notImplemented(`the "${name}" sub-resource`);
}

const iso = (date: Date) => date.toISOString();
const headers = (request: EndpointRequest, more: Record<string, string> = {}) => ({ "x-amz-request-id": request.requestId, "x-amz-id-2": randomBytes(24).toString("base64"), ...more });
const xmlReply = (request: EndpointRequest, body: string): EndpointReply => ({ status: 200, headers: headers(request, { "content-type": "application/xml" }), body });

function objectHeaders(head: ObjectHead): Record<string, string> {
  return {
    "content-type": head.ContentType,
    etag: head.ETag,
    "last-modified": head.LastModified.toUTCString(),
    "accept-ranges": "bytes",
    ...Object.fromEntries(Object.entries(head.Metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
  };
}

/** User metadata from `x-amz-meta-*` headers. */
function metadataOf(request: EndpointRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).flatMap(([name, value]) => (name.startsWith("x-amz-meta-") && typeof value === "string" ? [[name.slice(11), value]] : [])));
}

/** A GetObject's or HeadObject's conditions on the ETag: 304 Not Modified, 412 PreconditionFailed, or go on. */
function preconditions(request: EndpointRequest, head: ObjectHead): EndpointReply | undefined {
  const matches = (header: string | undefined) => header !== undefined && header.split(",").some((tag) => tag.trim() === head.ETag || tag.trim() === "*");
  const ifMatch = request.headers["if-match"];
  if (ifMatch !== undefined && !matches(ifMatch)) throw new MinicloudError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold: If-Match.", { statusCode: 412 });
  if (matches(request.headers["if-none-match"])) return { status: 304, headers: headers(request, { etag: head.ETag }) };
  return undefined;
}

async function objectRequest(s3: S3, request: EndpointRequest, Bucket: string, Key: string): Promise<EndpointReply> {
  refuseOtherParameters(request.query, OBJECT_PARAMETERS);
  switch (request.method) {
    case "PUT": {
      const copySource = request.headers["x-amz-copy-source"];
      if (typeof copySource === "string") {
        const directive = request.headers["x-amz-metadata-directive"];
        const contentType = request.headers["content-type"];
        const { CopyObjectResult } = await s3.copyObject({
          Bucket,
          Key,
          CopySource: copySource,
          ...(directive !== undefined ? { MetadataDirective: directive as "COPY" | "REPLACE" } : {}),
          ...(contentType !== undefined ? { ContentType: contentType } : {}),
          Metadata: metadataOf(request),
        });
        return xmlReply(request, xmlDocument("CopyObjectResult", NAMESPACE, [["LastModified", iso(CopyObjectResult.LastModified)], ["ETag", CopyObjectResult.ETag]]));
      }
      const { body, checksums } = uploadBody(request.headers, request.body);
      const contentType = request.headers["content-type"];
      const { ETag } = await s3.putObject({ Bucket, Key, Body: body, ...(contentType !== undefined ? { ContentType: contentType } : {}), Metadata: metadataOf(request) });
      return { status: 200, headers: headers(request, { etag: ETag, ...checksums }) };
    }
    case "GET":
    case "HEAD": {
      const head = await s3.headObject({ Bucket, Key });
      const unchanged = preconditions(request, head);
      if (unchanged) return unchanged;
      if (request.method === "HEAD") return { status: 200, headers: headers(request, { ...objectHeaders(head), "content-length": String(head.ContentLength) }) };
      const { Body } = await s3.getObject({ Bucket, Key });
      const range = requestedRange(request.headers.range, Body.length);
      if (range === undefined) return { status: 200, headers: headers(request, objectHeaders(head)), body: Buffer.from(Body) };
      return {
        status: 206,
        headers: headers(request, { ...objectHeaders(head), "content-range": `bytes ${range.start}-${range.end}/${Body.length}` }),
        body: Buffer.from(Body.subarray(range.start, range.end + 1)),
      };
    }
    case "DELETE":
      await s3.deleteObject({ Bucket, Key });
      return { status: 204, headers: headers(request) };
    default:
      throw notImplemented(`${request.method} on an object`);
  }
}

async function listObjects(s3: S3, request: EndpointRequest, Bucket: string): Promise<EndpointReply> {
  const q = request.query;
  if (q.get("list-type") !== "2") throw notImplemented("ListObjects (version 1); use ListObjectsV2");
  refuseOtherParameters(q, LIST_PARAMETERS);
  const maxKeysText = q.get("max-keys");
  const MaxKeys = maxKeysText === null ? 1000 : Number(maxKeysText);
  const given = { Prefix: q.get("prefix"), Delimiter: q.get("delimiter"), ContinuationToken: q.get("continuation-token"), StartAfter: q.get("start-after") };
  const present = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null)) as Record<string, string>;
  const page = await s3.listObjectsV2({ Bucket, MaxKeys: Math.min(MaxKeys, 1000), ...present });
  return xmlReply(
    request,
    xmlDocument("ListBucketResult", NAMESPACE, [
      ["Name", Bucket],
      ["Prefix", given.Prefix ?? ""],
      ["Delimiter", present["Delimiter"]],
      ["MaxKeys", MaxKeys],
      ["KeyCount", page.KeyCount],
      ["IsTruncated", page.IsTruncated],
      ["ContinuationToken", present["ContinuationToken"]],
      ["NextContinuationToken", page.NextContinuationToken],
      ["StartAfter", present["StartAfter"]],
      ...page.Contents.map((c): XmlElement => ["Contents", [["Key", c.Key], ["LastModified", iso(c.LastModified)], ["ETag", c.ETag], ["Size", c.Size], ["StorageClass", "STANDARD"]]]),
      ...page.CommonPrefixes.map((p): XmlElement => ["CommonPrefixes", [["Prefix", p.Prefix]]]),
    ]),
  );
}

async function bucketRequest(s3: S3, request: EndpointRequest, Bucket: string): Promise<EndpointReply> {
  if (request.method === "GET") return listObjects(s3, request, Bucket);
  refuseOtherParameters(request.query, OBJECT_PARAMETERS);
  switch (request.method) {
    case "PUT":
      await s3.createBucket({ Bucket });
      return { status: 200, headers: headers(request, { location: `/${Bucket}` }) };
    case "HEAD":
      await s3.headBucket({ Bucket });
      return { status: 200, headers: headers(request, { "x-amz-bucket-region": region() }) };
    case "DELETE":
      await s3.deleteBucket({ Bucket });
      return { status: 204, headers: headers(request) };
    default:
      throw notImplemented(`${request.method} on a bucket`);
  }
}

async function listBuckets(s3: S3, request: EndpointRequest): Promise<EndpointReply> {
  if (request.method !== "GET") throw notImplemented(`${request.method} /`);
  const { Buckets } = await s3.listBuckets();
  return xmlReply(
    request,
    xmlDocument("ListAllMyBucketsResult", NAMESPACE, [
      ["Owner", [["ID", ACCOUNT_ID], ["DisplayName", "minicloud"]]],
      ["Buckets", Buckets.map((b): XmlElement => ["Bucket", [["Name", b.Name], ["CreationDate", iso(b.CreationDate)], ["BucketRegion", region()]]])],
    ]),
  );
}

/**
 * S3's REST-XML protocol, path-style (`/bucket/key`): the SDK uses path-style addressing when its
 * endpoint is an IP address, as minicloud's is. Writes go through the session's S3, so they notify the
 * bucket's subscribers exactly as `cloud.s3.putObject` does. Errors are S3's XML error documents; a
 * HEAD's error has no body, so the SDK reports it by status (`NotFound`), as with S3.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAPI.html
 */
export function s3RestXmlProtocol(s3: S3): ServiceProtocol {
  return {
    maxBodyBytes: MAX_OBJECT_BYTES,
    async handle(request) {
      const [bucketPart = "", ...keyParts] = request.path.slice(1).split("/");
      let [Bucket, Key] = ["", ""];
      try {
        [Bucket, Key] = [decodeURIComponent(bucketPart), keyParts.map(decodeURIComponent).join("/")];
      } catch {
        throw new MinicloudError("InvalidURI", `Couldn't parse the specified URI: ${request.path} (a % that starts no escape).`, { statusCode: 400 });
      }
      if (Bucket === "") return listBuckets(s3, request);
      if (Key === "") return bucketRequest(s3, request, Bucket);
      return objectRequest(s3, request, Bucket, Key);
    },
    errorReply(error, request) {
      const known = error instanceof MinicloudError;
      const code = !known ? "InternalError" : error.name === "RequestEntityTooLarge" ? "EntityTooLarge" : error.name;
      const status = !known ? 500 : error.name === "RequestEntityTooLarge" ? 400 : error.statusCode;
      const message = known ? error.message : `We encountered an internal error: ${(error as Error).message}`;
      const head = { "x-amz-request-id": request.requestId, "content-type": "application/xml" };
      if (request.method === "HEAD") return { status, headers: head };
      return { status, headers: head, body: bareXmlDocument(["Error", [["Code", code], ["Message", message], ["RequestId", request.requestId]]]) };
    },
  };
}
