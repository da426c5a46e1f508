import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { crc32 } from "node:zlib";
import { MinicloudError } from "../../core/errors.js";

const badDigest = (what: string) =>
  new MinicloudError("BadDigest", `The ${what} you specified did not match the calculated checksum: the body changed on its way, or the checksum was computed over other bytes.`, { statusCode: 400 });

/**
 * Reads an `aws-chunked` body, as the SDK sends a streamed upload: chunks of `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n`,
 * a zero-size chunk, then trailing headers (the checksum, computed while streaming).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
export function decodeAwsChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const chunks: Buffer[] = [];
  const malformed = () => new MinicloudError("IncompleteBody", "The aws-chunked request body is malformed: it ended inside a chunk or lacks the final zero-size chunk.", { statusCode: 400 });
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf("\r\n", at);
    if (lineEnd === -1) throw malformed();
    const size = parseInt(raw.subarray(at, lineEnd).toString("latin1").split(";")[0]!, 16);
    if (!Number.isInteger(size) || size < 0 || lineEnd + 2 + size > raw.length) throw malformed();
    at = lineEnd + 2;
    if (size === 0) break;
    chunks.push(raw.subarray(at, at + size));
    at += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.subarray(at).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(chunks), trailers };
}

/** The upload's body as stored: aws-chunked decoded, its length checked against what the client declared. */
export function uploadBody(headers: IncomingHttpHeaders, raw: Buffer): { body: Buffer; checksums: Record<string, string> } {
  const chunked = (headers["content-encoding"] ?? "").split(",").map((e) => e.trim()).includes("aws-chunked") || String(headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-");
  const { body, trailers } = chunked ? decodeAwsChunked(raw) : { body: raw, trailers: {} };
  const declared = headers["x-amz-decoded-content-length"];
  if (chunked && declared !== undefined && Number(declared) !== body.length) {
    throw new MinicloudError("IncompleteBody", `You did not provide the number of bytes specified by x-amz-decoded-content-length (${declared}); the body held ${body.length}.`, { statusCode: 400 });
  }
  const checksums = Object.fromEntries(
    Object.entries({ ...headers, ...trailers }).filter((e): e is [string, string] => /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.test(e[0]) && typeof e[1] === "string"),
  );
  checkIntegrity(headers, body, checksums);
  return { body, checksums };
}

/**
 * Checks what S3 checks of an upload: Content-MD5 and the checksums the SDK adds (CRC32 by default;
 * SHA-1 and SHA-256 too — CRC32C and CRC64NVME are taken on trust, Node.js has no function for them).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
function checkIntegrity(headers: IncomingHttpHeaders, body: Buffer, checksums: Record<string, string>): void {
  const md5 = headers["content-md5"];
  if (typeof md5 === "string" && createHash("md5").update(body).digest("base64") !== md5) throw badDigest("Content-MD5");
  const expected: Record<string, () => string> = {
    "x-amz-checksum-crc32": () => {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(crc32(body));
      return value.toString("base64");
    },
    "x-amz-checksum-sha1": () => createHash("sha1").update(body).digest("base64"),
    "x-amz-checksum-sha256": () => createHash("sha256").update(body).digest("base64"),
  };
  for (const [header, value] of Object.entries(checksums)) {
    const compute = expected[header];
    if (compute && compute() !== value) throw badDigest(header.slice("x-amz-checksum-".length).toUpperCase() + " checksum");
  }
}

/**
 * The byte range a GetObject's Range header asks for (`bytes=0-99`, `bytes=100-`, `bytes=-50`), or
 * undefined for the whole object (no header, or one S3 ignores: several ranges, not bytes).
 * @see https://www.rfc-editor.org/rfc/rfc9110.html#name-range
 */
export function requestedRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const [first, last] = [match[1] === "" ? undefined : Number(match[1]), match[2] === "" ? undefined : Number(match[2])];
  const range =
    first === undefined ? { start: Math.max(0, size - last!), end: size - 1 } : { start: first, end: Math.min(last ?? size - 1, size - 1) };
  if (first !== undefined && last !== undefined && last < first) return undefined;
  if (range.start >= size || range.end < range.start) {
    throw new MinicloudError("InvalidRange", `The requested range is not satisfiable: ${header} of an object of ${size} bytes.`, { field: "Range", statusCode: 416 });
  }
  return range;
}
