import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An error as a runtime reports it (`invocation/{id}/error`, `init/error`). */
export interface RuntimeErrorShape {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  stackTrace?: string[];
}

/**
 * How an invocation ended, as the runtime reported it. `logBytes` is how much the runtime had written
 * to stdout and stderr by then, when it says (minicloud's runtime client does).
 */
export type InvocationOutcome = ({ kind: "response"; body: string } | { kind: "error"; error: RuntimeErrorShape }) & { logBytes?: number };

/** An invocation handed to the runtime through `invocation/next`. */
export interface RuntimeInvocation {
  requestId: string;
  payload: string;
  /** Epoch ms by which the function must answer. */
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
}

/** The Lambda Runtime API (2018-06-01) for one execution environment. */
export interface RuntimeApi {
  /** host:port, the value of AWS_LAMBDA_RUNTIME_API in the environment. */
  readonly endpoint: string;
  /** Resolves when the runtime first asks for work (the end of INIT); rejects with the runtime's init error. */
  readonly ready: Promise<void>;
  /** True while the runtime waits in `GET invocation/next` with nothing to hand it (when Lambda freezes it). */
  readonly waiting: boolean;
  /** Hands an invocation to the runtime; resolves with how it ended. */
  invoke(invocation: RuntimeInvocation): Promise<InvocationOutcome>;
  close(): Promise<void>;
}

/** AWS caps a synchronous response at 6 MB. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
const PREFIX = "/2018-06-01/runtime/";

function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

function parseError(text: string | undefined, fallbackType: string): RuntimeErrorShape {
  try {
    const parsed = JSON.parse(text ?? "") as Partial<RuntimeErrorShape>;
    return { errorType: String(parsed.errorType ?? fallbackType), errorMessage: String(parsed.errorMessage ?? ""), ...(parsed.trace ? { trace: parsed.trace } : {}) };
  } catch {
    return { errorType: fallbackType, errorMessage: text ?? "" };
  }
}

/**
 * Serves the Runtime API on `host` (an address the environment's container can reach) for one
 * execution environment: one invocation at a time, as Lambda gives each environment.
 */
export async function startRuntimeApi(host: string, hooks: { onWaiting?: () => void } = {}): Promise<RuntimeApi> {
  let waiting: ServerResponse | undefined;
  let queued: RuntimeInvocation | undefined;
  let current: { invocation: RuntimeInvocation; resolve: (o: InvocationOutcome) => void } | undefined;
  let markReady!: () => void;
  let failInit!: (error: RuntimeErrorShape) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failInit = (error) => reject(Object.assign(new Error(error.errorMessage), { runtimeError: error }));
  });
  ready.catch(() => undefined);

  const deliver = (response: ServerResponse, invocation: RuntimeInvocation): void => {
    response.writeHead(200, {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": invocation.requestId,
      "lambda-runtime-deadline-ms": String(invocation.deadlineMs),
      "lambda-runtime-invoked-function-arn": invocation.invokedFunctionArn,
      "lambda-runtime-trace-id": invocation.traceId,
      "content-length": Buffer.byteLength(invocation.payload),
    });
    response.end(invocation.payload);
  };

  const server = createServer(async (request, response) => {
    const route = (request.url ?? "").startsWith(PREFIX) ? (request.url ?? "").slice(PREFIX.length) : undefined;
    if (request.method === "GET" && route === "invocation/next") {
      markReady();
      if (queued) {
        deliver(response, queued);
        queued = undefined;
      } else {
        waiting = response;
        hooks.onWaiting?.();
      }
      return;
    }
    const match = route === undefined ? null : /^invocation\/([^/]+)\/(response|error)$/.exec(route);
    if (request.method === "POST" && match) {
      const [, requestId, kind] = match;
      if (current === undefined || current.invocation.requestId !== requestId) {
        await readBody(request, MAX_RESPONSE_BYTES);
        send(response, 400, { errorMessage: `Invalid request ID: "${requestId}"`, errorType: "InvalidRequestID" });
        return;
      }
      const body = await readBody(request, MAX_RESPONSE_BYTES);
      const finished = current;
      current = undefined;
      if (kind === "response" && body === undefined) {
        send(response, 413, { errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, errorType: "RequestEntityTooLarge" });
        finished.resolve({
          kind: "error",
          error: { errorType: "Function.ResponseSizeTooLarge", errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).` },
        });
        return;
      }
      send(response, 202, { status: "OK" });
      const logBytes = Number(request.headers["x-minicloud-log-bytes"]);
      const counted = Number.isFinite(logBytes) ? { logBytes } : {};
      finished.resolve(
        kind === "response"
          ? { kind: "response", body: body ?? "", ...counted }
          : { kind: "error", error: parseError(body, (request.headers["lambda-runtime-function-error-type"] as string) ?? "Unhandled"), ...counted },
      );
      return;
    }
    if (request.method === "POST" && route === "init/error") {
      const body = await readBody(request, MAX_RESPONSE_BYTES);
      send(response, 202, { status: "OK" });
      failInit(parseError(body, request.headers["lambda-runtime-function-error-type"] as string ?? "Runtime.Unknown"));
      return;
    }
    send(response, 404, { errorMessage: `Unknown Runtime API route: ${request.method} ${request.url}`, errorType: "InvalidRequest" });
  });
  // The runtime's GET invocation/next waits as long as the environment is idle.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `${host}:${port}`,
    ready,
    get waiting() {
      return waiting !== undefined;
    },
    invoke(invocation) {
      if (current !== undefined) throw new Error("expected the environment to be idle before an invocation is handed to it");
      return new Promise<InvocationOutcome>((resolve) => {
        current = { invocation, resolve };
        if (waiting) {
          const response = waiting;
          waiting = undefined;
          deliver(response, invocation);
        } else {
          queued = invocation;
        }
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        waiting?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
