import { createHmac, randomUUID } from "node:crypto";

/** The Jupyter messaging protocol version the minicloud kernel and runner speak. */
export const PROTOCOL_VERSION = "5.3";

/** A message header (Jupyter messaging protocol). */
export interface Header {
  msg_id: string;
  username: string;
  session: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A Jupyter message, as both ends see it. */
export interface Message<Content = Record<string, unknown>> {
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Buffer[];
}

/** What travels with a message on a ROUTER socket: the identities to route the reply to. */
export interface Envelope {
  identities: Buffer[];
  message: Message;
}

const DELIMITER = "<IDS|MSG>";

/** A new header for a message of `msgType` in `session`. */
export function newHeader(msgType: string, session: string, username = "minicloud"): Header {
  return { msg_id: randomUUID(), username, session, date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION };
}

/** A message replying to (or caused by) `parent`. */
export function childMessage<C>(parent: Message | undefined, msgType: string, content: C, session: string): Message<C> {
  return {
    header: newHeader(msgType, session),
    parent_header: parent?.header ?? {},
    metadata: {},
    content,
    buffers: [],
  };
}

function sign(key: string, parts: Buffer[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** The frames of a message, signed with the connection's key. */
export function encodeMessage(message: Message<object>, key: string, identities: Buffer[] = []): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((p) => Buffer.from(JSON.stringify(p)));
  return [...identities, Buffer.from(DELIMITER), Buffer.from(sign(key, parts)), ...parts, ...message.buffers];
}

/** Reads a message from its frames; throws when the signature does not match (a message we must ignore). */
export function decodeMessage(frames: Buffer[], key: string): Envelope {
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  if (at < 0) throw new Error("expected the <IDS|MSG> delimiter in a Jupyter message");
  const [signature, header, parent, metadata, content, ...buffers] = frames.slice(at + 1);
  if (!signature || !header || !parent || !metadata || !content) throw new Error("expected a Jupyter message with all four parts");
  if (key !== "" && signature.toString() !== sign(key, [header, parent, metadata, content])) {
    throw new Error("a Jupyter message with a bad signature was ignored");
  }
  return {
    identities: frames.slice(0, at),
    message: {
      header: JSON.parse(header.toString()) as Header,
      parent_header: JSON.parse(parent.toString()) as Header,
      metadata: JSON.parse(metadata.toString()) as Record<string, unknown>,
      content: JSON.parse(content.toString()) as Record<string, unknown>,
      buffers,
    },
  };
}

/** The connection file Jupyter writes for a kernel. */
export interface ConnectionInfo {
  /** "tcp" (ip is an address), or "ipc" (ip is a path prefix: Unix sockets, reachable across a container's mount). */
  transport: string;
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** The ZeroMQ endpoint of one of a kernel's sockets, as Jupyter names it: `tcp://ip:port`, or `ipc://ip-port`. */
export function endpoint(connection: ConnectionInfo, port: number): string {
  return connection.transport === "ipc" ? `ipc://${connection.ip}-${port}` : `${connection.transport}://${connection.ip}:${port}`;
}
