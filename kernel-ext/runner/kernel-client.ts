import { randomUUID } from "node:crypto";
import { childMessage, decodeMessage, encodeMessage, endpoint, type ConnectionInfo, type Message } from "../wire.js";

type Socket = {
  connect(address: string): void;
  send(frames: Buffer[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  subscribe?(prefix?: string): void;
  linger: number;
};
interface Zmq {
  Dealer: new () => Socket;
  Subscriber: new () => Socket;
}

/** Everything a request caused: its reply and the iopub messages that followed it, up to `idle`. */
export interface RequestResult {
  reply: Message;
  iopub: Message[];
}

/** A Jupyter client for one kernel, speaking the protocol over ZeroMQ directly: no Python, no Jupyter. */
export interface KernelClient {
  /** Sends a shell request; `onIopub` sees each iopub message it causes as it arrives. */
  request(msgType: string, content: object, onIopub?: (message: Message) => void): Promise<RequestResult>;
  /** Sends a control request (interrupt, shutdown) and waits for its reply. */
  control(msgType: string, content: object): Promise<Message>;
  close(): void;
}

/**
 * Connects to a kernel and waits until it answers kernel_info and its iopub messages reach us. When
 * `gone` resolves first (the kernel exited), it stops trying and throws with what `gone` said.
 */
export async function connectKernelClient(connection: ConnectionInfo, timeoutMs = 30_000, gone?: Promise<string>): Promise<KernelClient> {
  const zmq = (await import("zeromq")) as unknown as Zmq;
  const address = (port: number): string => endpoint(connection, port);
  const shell = new zmq.Dealer();
  const control = new zmq.Dealer();
  const iopub = new zmq.Subscriber();
  shell.connect(address(connection.shell_port));
  control.connect(address(connection.control_port));
  iopub.connect(address(connection.iopub_port));
  iopub.subscribe!();
  const session = randomUUID();
  const key = connection.key;

  const replies = new Map<string, (m: Message) => void>();
  const listeners = new Map<string, (m: Message) => void>();
  let closed = false;
  const pump = async (socket: Socket, deliver: (m: Message) => void): Promise<void> => {
    while (!closed) {
      let frames: Buffer[];
      try {
        frames = await socket.receive();
      } catch {
        return;
      }
      try {
        deliver(decodeMessage(frames, key).message);
      } catch {
        // A message we cannot verify is dropped, as Jupyter's own clients do.
      }
    }
  };
  const byParent = (map: Map<string, (m: Message) => void>) => (m: Message) => map.get((m.parent_header as { msg_id?: string }).msg_id ?? "")?.(m);
  void pump(shell, byParent(replies));
  void pump(control, byParent(replies));
  void pump(iopub, byParent(listeners));

  const send = async (socket: Socket, msgType: string, content: object, onIopub?: (m: Message) => void): Promise<RequestResult> => {
    const message = childMessage(undefined, msgType, content, session);
    const id = message.header.msg_id;
    const iopubMessages: Message[] = [];
    let idle!: () => void;
    const sawIdle = new Promise<void>((resolve) => (idle = resolve));
    listeners.set(id, (m) => {
      iopubMessages.push(m);
      onIopub?.(m);
      if (m.header.msg_type === "status" && (m.content as { execution_state?: string }).execution_state === "idle") idle();
    });
    const reply = new Promise<Message>((resolve) => replies.set(id, resolve));
    await socket.send(encodeMessage(message, key));
    const answered = await reply;
    replies.delete(id);
    await sawIdle;
    listeners.delete(id);
    return { reply: answered, iopub: iopubMessages };
  };

  const client: KernelClient = {
    request: (msgType, content, onIopub) => send(shell, msgType, content, onIopub),
    control: async (msgType, content) => (await send(control, msgType, content)).reply,
    close() {
      if (closed) return;
      closed = true;
      for (const socket of [shell, control, iopub]) {
        // A request still queued for a kernel that died would otherwise hold this process open at exit.
        socket.linger = 0;
        socket.close();
      }
    },
  };

  // A subscriber misses what is published before its subscription takes effect: ask for kernel_info
  // until one round trip, reply and iopub both, completes.
  const deadline = Date.now() + timeoutMs;
  let ended: string | undefined;
  void gone?.then((why) => (ended = why));
  for (;;) {
    const attempt = client.request("kernel_info_request", {});
    const timer = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 500));
    if ((await Promise.race([attempt, timer])) !== "late") return client;
    if (ended !== undefined || Date.now() > deadline) {
      client.close();
      throw new Error(ended ?? `the kernel did not answer within ${timeoutMs / 1000} s`);
    }
  }
}
