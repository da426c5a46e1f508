import type { IncomingHttpHeaders } from "node:http";

/** A request to the AWS endpoint, read and ready for a service's protocol. */
export interface EndpointRequest {
  method: string;
  /** The path as sent, still URL-encoded (S3 keys are in it). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** AWS's x-amz-request-id / x-amzn-RequestId for the answer. */
  requestId: string;
  /** Aborted when the client goes away or the endpoint closes: a long poll stops waiting. */
  signal: AbortSignal;
}

/** An answer to send back. */
export interface EndpointReply {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** One service's wire protocol: how it answers requests, and how it writes an error. */
export interface ServiceProtocol {
  /** The largest request body it reads, in bytes. */
  maxBodyBytes: number;
  handle(request: EndpointRequest): Promise<EndpointReply>;
  /** The error as this protocol writes it (a MinicloudError keeps its AWS name and status). */
  errorReply(error: unknown, request: { requestId: string; method: string }): EndpointReply;
}

/** The services the endpoint speaks for. */
export type EndpointService = "s3" | "dynamodb" | "sqs" | "sns";

const SERVICES: readonly string[] = ["s3", "dynamodb", "sqs", "sns"];
const TARGET_PREFIXES: Record<string, EndpointService> = { DynamoDB_20120810: "dynamodb", AmazonSQS: "sqs" };

/**
 * Which service a request is for, as AWS's front door knows it: the X-Amz-Target of a JSON protocol
 * request, else the service named in the SigV4 credential scope (`Credential=AKID/date/region/s3/aws4_request`,
 * in the Authorization header or, for a presigned URL, in X-Amz-Credential).
 */
export function serviceOf(headers: IncomingHttpHeaders, query: URLSearchParams): EndpointService | undefined {
  const target = headers["x-amz-target"];
  if (typeof target === "string") return TARGET_PREFIXES[target.split(".")[0] ?? ""];
  const scope = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(headers.authorization ?? "")?.[1] ?? query.get("X-Amz-Credential")?.split("/")[3];
  return scope !== undefined && SERVICES.includes(scope) ? (scope as EndpointService) : undefined;
}
