import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MinicloudError } from "../../core/errors.js";
import { readBody } from "../http/http-request.js";
import type { DynamoDb } from "../dynamodb/dynamodb-service.js";
import type { S3 } from "../s3/s3-service.js";
import type { Sns } from "../sns/sns-service.js";
import type { Sqs } from "../sqs/sqs-service.js";
import { dynamoDbJsonProtocol } from "./dynamodb-json.js";
import { serviceOf, type EndpointReply, type EndpointService, type ServiceProtocol } from "./endpoint-request.js";
import { s3RestXmlProtocol } from "./s3-rest-xml.js";
import { snsQueryProtocol } from "./sns-query.js";
import { sqsJsonProtocol } from "./sqs-json.js";

/** Options for {@link createAwsEndpoint}. */
export interface AwsEndpointOptions {
  /** The address to listen on: where the engine's containers reach this machine (see ContainerEngine.hostAddress). */
  host(): Promise<string>;
  s3: S3;
  sqs: Sqs;
  sns: Sns;
  dynamodb: DynamoDb;
}

/** The session's AWS endpoint (see {@link createAwsEndpoint}). */
export interface AwsEndpoint {
  /** The endpoint's URL, e.g. `http://127.0.0.1:41234`; the first call starts it. */
  url(): Promise<string>;
  /** Whether it has been started (and not yet closed). */
  readonly listening: boolean;
  /** Stops it: open connections and long polls end. Safe to call twice. */
  close(): Promise<void>;
}

function send(response: ServerResponse, reply: EndpointReply, method: string): void {
  const body = reply.body === undefined ? undefined : typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  const headers = { ...reply.headers, ...(body !== undefined && !("content-length" in reply.headers) ? { "content-length": String(body.length) } : {}) };
  response.writeHead(reply.status, headers);
  response.end(method === "HEAD" ? undefined : body);
}

/**
 * A loopback AWS endpoint for a session: one HTTP server that speaks the wire protocols the AWS SDK for
 * JavaScript v3 uses — S3's REST-XML (path-style), DynamoDB's and SQS's AWS JSON 1.0, SNS's Query — and
 * answers from the session's own S3, DynamoDB, SQS and SNS. Code in an execution environment or a task
 * reaches it through `AWS_ENDPOINT_URL`, so `new S3Client({})` works unchanged.
 *
 * Requests are routed by X-Amz-Target or by the service in their SigV4 credential scope. Signatures are
 * not verified, and any credentials are accepted: the endpoint listens on an address only this machine
 * and its containers reach, and minicloud runs no IAM (on AWS the execution role's policy decides).
 * @see https://docs.aws.amazon.com/general/latest/gr/create-signed-request.html
 */
export function createAwsEndpoint(options: AwsEndpointOptions): AwsEndpoint {
  const protocols: Record<EndpointService, ServiceProtocol> = {
    s3: s3RestXmlProtocol(options.s3),
    dynamodb: dynamoDbJsonProtocol(options.dynamodb),
    sqs: sqsJsonProtocol(options.sqs),
    sns: snsQueryProtocol(options.sns),
  };
  const closing = new AbortController();
  let started: Promise<{ server: Server; url: string }> | undefined;
  let closed = false;

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://endpoint");
    const requestId = randomBytes(8).toString("hex").toUpperCase();
    const method = request.method ?? "GET";
    const service = serviceOf(request.headers, url.searchParams);
    const protocol = service === undefined ? undefined : protocols[service];
    if (protocol === undefined) {
      request.resume();
      const message = "Missing Authentication Token: sign the request with SigV4 for s3, dynamodb, sqs or sns (an AWS SDK client does), or send a DynamoDB or SQS X-Amz-Target.";
      send(response, { status: 403, headers: { "content-type": "application/json", "x-amzn-requestid": requestId }, body: JSON.stringify({ __type: "MissingAuthenticationTokenException", message }) }, method);
      return;
    }
    // A long poll stops waiting when its client goes away or the endpoint closes.
    const gone = new AbortController();
    response.on("close", () => gone.abort());
    const signal = AbortSignal.any([gone.signal, closing.signal]);
    let reply: EndpointReply;
    try {
      const body = await readBody(request, protocol.maxBodyBytes);
      if (body === undefined) throw new MinicloudError("RequestEntityTooLarge", `The request body is larger than minicloud's endpoint reads for ${service}: ${protocol.maxBodyBytes} bytes.`, { statusCode: 413 });
      reply = await protocol.handle({ method, path: url.pathname, query: url.searchParams, headers: request.headers, body, requestId, signal });
    } catch (error) {
      reply = protocol.errorReply(error, { requestId, method });
    }
    if (!response.destroyed) send(response, reply, method);
  };

  const start = async (): Promise<{ server: Server; url: string }> => {
    const host = await options.host();
    const server = createServer((request, response) => void answer(request, response));
    // ReceiveMessage may wait 20 s for a message: no timeout may end it first.
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, resolve);
    });
    return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
  };

  return {
    async url() {
      if (closed) throw new MinicloudError("SessionShutDown", "This session is shut down: its AWS endpoint is closed. Start a new session with Cloud.start().");
      started ??= start();
      return (await started).url;
    },
    get listening() {
      return started !== undefined && !closed;
    },
    async close() {
      if (closed) return;
      closed = true;
      closing.abort();
      const running = await started?.catch(() => undefined);
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.server.close(() => resolve());
        running.server.closeAllConnections();
      });
    },
  };
}
