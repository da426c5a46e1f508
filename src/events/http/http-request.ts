import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MinicloudError } from "../../core/errors.js";

/** Hop-by-hop headers: they describe one connection, so a proxy does not forward them. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

/**
 * The request's headers in order of arrival, names lowercased, each with all its values (Node's
 * `req.headers` joins some duplicates and drops others). Hop-by-hop headers are left out unless `keepHopByHop`.
 */
export function headerValues(req: IncomingMessage, options: { keepHopByHop?: boolean } = {}): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (!options.keepHopByHop && HOP_BY_HOP.has(name)) continue;
    const values = out.get(name);
    if (values) values.push(req.rawHeaders[i + 1]!);
    else out.set(name, [req.rawHeaders[i + 1]!]);
  }
  return out;
}

/**
 * Reads a request's body, or answers undefined as soon as it is known to exceed `limitBytes` (from
 * Content-Length, or while reading), without buffering the rest.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limitBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners("data");
        req.resume();
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Whether a body of this content type reaches the function as text; anything else (images, archives,
 * forms, no type at all with bytes that are not UTF-8) goes base64-encoded with isBase64Encoded true.
 */
export function isTextBody(contentType: string | undefined, body: Buffer): boolean {
  if (body.length === 0) return true;
  if (contentType === undefined) return Buffer.from(body.toString("utf8")).equals(body);
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type.startsWith("text/") || /^application\/([\w.+-]+\+)?(json|xml|javascript)$/.test(type);
}

/** An X-Ray trace header, as AWS's load balancers and API Gateway add it: `Root=1-<epoch s hex>-<24 hex>`. */
export function traceId(nowMs: number): string {
  return `Root=1-${Math.floor(nowMs / 1000).toString(16).padStart(8, "0")}-${randomBytes(12).toString("hex")}`;
}

/** The client's address, IPv4-mapped IPv6 written as plain IPv4. */
export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
}

/** An HTTP response to write. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Sends a whole response. */
export function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string | Buffer, statusMessage?: string): void {
  if (res.headersSent || res.destroyed) return;
  if (statusMessage !== undefined) res.statusMessage = statusMessage;
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/** A running HTTP front end: its port, and how to stop it (open connections are cut). */
export interface HttpListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (only this machine can reach it) at `port`, or a free port for 0. A port in use
 * is a typed error naming the field to change. `handle` must never throw: errors are its to answer.
 */
export async function listenLocal(port: number, handle: (req: IncomingMessage, res: ServerResponse) => void, errorName: string, field: string): Promise<HttpListener> {
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new MinicloudError(errorName, `${field} must be a port number from 1 to 65535 (0 for any free port); got ${port}.`, { field, statusCode: 400 });
  }
  const server: Server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new MinicloudError(
          errorName,
          error.code === "EADDRINUSE"
            ? `Port ${port} on 127.0.0.1 is already in use; choose another ${field}, or 0 for a free one.`
            : `Cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}); choose another ${field}, or 0 for a free one.`,
          { field, statusCode: 400, cause: error },
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
