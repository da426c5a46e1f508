import { crc32 } from "node:zlib";
import { MinicloudError } from "../../core/errors.js";
import type { EndpointReply, EndpointRequest } from "./endpoint-request.js";

const CONTENT_TYPE = "application/x-amz-json-1.0";

/**
 * JSON as AWS JSON 1.0 writes it: bytes (blobs) as base64, timestamps as epoch seconds.
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 */
export function awsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, converted: unknown) {
    const original = this[key];
    if (original instanceof Uint8Array) return Buffer.from(original).toString("base64");
    if (original instanceof Date) return original.getTime() / 1000;
    return converted;
  });
}

/** The request's JSON object; SerializationException when the body is not one. */
export function jsonInput(request: EndpointRequest): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(request.body.length === 0 ? "{}" : request.body.toString("utf8"));
  } catch {
    input = undefined;
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) throw new MinicloudError("SerializationException", "The request body is not a JSON object.", { statusCode: 400 });
  return input as Record<string, unknown>;
}

/** Refuses members that would change the answer but that minicloud does not do, rather than ignore them. */
export function refuseMembers(input: Record<string, unknown>, members: readonly string[], service: string, options: { errorName?: string; fieldPrefix?: string } = {}): void {
  const given = members.find((m) => input[m] !== undefined);
  if (given === undefined) return;
  const field = `${options.fieldPrefix ?? ""}${given}`;
  throw new MinicloudError(options.errorName ?? "ValidationException", `minicloud's ${service} does not support ${field}; leave it out.`, { field, statusCode: 400 });
}

/** Members an operation cannot do without: the first missing one is named, in the service's own words. */
export function requireMembers(input: Record<string, unknown>, members: readonly string[] | undefined, missing: (member: string) => MinicloudError): void {
  const absent = (members ?? []).find((m) => input[m] === undefined || input[m] === null);
  if (absent !== undefined) throw missing(absent);
}

/** A successful answer. DynamoDB adds x-amz-crc32, the CRC32 of the body, as its service does. */
export function jsonReply(request: EndpointRequest, output: unknown, options: { crc32?: boolean } = {}): EndpointReply {
  const body = Buffer.from(awsJson(output));
  return {
    status: 200,
    headers: { "content-type": CONTENT_TYPE, "x-amzn-requestid": request.requestId, ...(options.crc32 ? { "x-amz-crc32": String(crc32(body)) } : {}) },
    body,
  };
}

/** An error answer: `__type` names the error's shape, the message says what to fix. */
export function jsonErrorReply(requestId: string, type: string, message: string, status: number, headers: Record<string, string> = {}): EndpointReply {
  return { status, headers: { "content-type": CONTENT_TYPE, "x-amzn-requestid": requestId, ...headers }, body: JSON.stringify({ __type: type, message }) };
}

/** The operation an AWS JSON request names in X-Amz-Target (`DynamoDB_20120810.PutItem` → PutItem). */
export function operationName(request: EndpointRequest): string {
  return String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
}

/** The operation's implementation; UnknownOperationException, listing those served, when there is none. */
export function operationIn<T>(request: EndpointRequest, operations: Record<string, T>, service: string): T {
  const name = operationName(request);
  const operation = operations[name];
  if (operation !== undefined) return operation;
  throw new MinicloudError("UnknownOperationException", `minicloud's ${service} endpoint does not serve ${name || "this operation"}; it serves ${Object.keys(operations).join(", ")}.`, {
    statusCode: 400,
  });
}
