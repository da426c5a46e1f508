// The minicloud kernel's side of the Jupyter messaging protocol: its five sockets, and one handler per
// request type. Cells run through tslab (cell-executor.ts); everything Jupyter sees is sent from here,
// so errors are `error` messages, values are `execute_result`s, and `execute_input` fills in the counts.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { connectKernel, toMimeBundle, VERSION, type MimeBundle } from "minicloud";
import { createCellExecutor, type CellExecutor } from "./cell-executor.js";
import { codeCompleteness } from "./code-completeness.js";
import { History, type HistoryQuery } from "./history.js";
import { createOutputStreams } from "./output-streams.js";
import { childMessage, decodeMessage, encodeMessage, endpoint, PROTOCOL_VERSION, type ConnectionInfo, type Message } from "./wire.js";

type Socket = { send(frames: Buffer[]): Promise<void>; bind(address: string): Promise<void>; close(): void } & AsyncIterable<Buffer[]>;
interface Zmq {
  Router: new () => Socket;
  Publisher: new () => Socket;
  Reply: new () => Socket;
}

/** Sends on a socket one message at a time: zeromq refuses a send while the previous one is under way. */
function serialSender(socket: Socket): (frames: Buffer[]) => Promise<void> {
  let chain = Promise.resolve();
  return (frames) => (chain = chain.then(() => socket.send(frames)).catch(() => undefined));
}

/** Options for {@link serveKernel}. */
export interface KernelOptions {
  /** Where cells' imports resolve from: the notebook's folder (Jupyter starts kernels there). */
  rootDir: string;
  /** The TypeScript version tslab compiles with, for kernel_info. */
  typescriptVersion: string;
  tslabVersion: string;
}

/** Runs the kernel until a shutdown request; resolves when it has shut down. */
export async function serveKernel(connectionFile: string, options: KernelOptions): Promise<void> {
  const connection = JSON.parse(readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  const zmq = (await import("zeromq")) as unknown as Zmq;
  const address = (port: number): string => endpoint(connection, port);
  const shell = new zmq.Router();
  const control = new zmq.Router();
  const stdin = new zmq.Router();
  const iopub = new zmq.Publisher();
  const heartbeat = new zmq.Reply();
  await Promise.all([
    shell.bind(address(connection.shell_port)),
    control.bind(address(connection.control_port)),
    stdin.bind(address(connection.stdin_port)),
    iopub.bind(address(connection.iopub_port)),
    heartbeat.bind(address(connection.hb_port)),
  ]);

  const session = randomUUID();
  const key = connection.key;
  const sendShell = serialSender(shell);
  const sendControl = serialSender(control);
  const sendIopub = serialSender(iopub);
  const executor: CellExecutor = createCellExecutor(options.rootDir);
  // Jupyter interrupts a kernel (interrupt_mode "signal") with SIGINT.
  process.on("SIGINT", () => executor.interrupt());
  const history = new History();
  let executionCount = 0;
  let current: Message | undefined;
  let payload: object[] = [];
  let running = true;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const publish = (msgType: string, content: object, parent: Message | undefined = current): void => {
    void sendIopub(encodeMessage(childMessage(parent, msgType, content, session), key));
  };
  const reply = (send: (f: Buffer[]) => Promise<void>, identities: Buffer[], parent: Message, msgType: string, content: object): Promise<void> =>
    send(encodeMessage(childMessage(parent, msgType, content, session), key, identities));

  // Output written between cells (a timer, a background task) goes to the last cell, as in IPython.
  const streams = createOutputStreams((name, text) => publish("stream", { name, text }));
  connectKernel({
    display(bundle: MimeBundle) {
      streams.flush();
      publish("display_data", { data: bundle, metadata: {}, transient: {} });
    },
    clearOutput(wait: boolean) {
      streams.flush();
      publish("clear_output", { wait });
    },
    page(bundle: MimeBundle) {
      payload.push({ source: "page", data: bundle, start: 0 });
    },
  });

  const kernelInfo = {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "minicloud",
    implementation_version: VERSION,
    language_info: {
      name: "typescript",
      version: options.typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      // JupyterLab reads `name`; the classic Notebook needs `typescript: true` for TypeScript highlighting.
      codemirror_mode: { name: "javascript", typescript: true },
      nbconvert_exporter: "script",
    },
    banner: `minicloud ${VERSION} kernel: TypeScript ${options.typescriptVersion} through tslab ${options.tslabVersion} on Node.js ${process.versions.node}`,
    help_links: [{ text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" }],
    debugger: false,
  };

  async function execute(request: Message, identities: Buffer[], queue: Pending[]): Promise<void> {
    const content = request.content as { code: string; silent?: boolean; store_history?: boolean; stop_on_error?: boolean };
    const silent = content.silent ?? false;
    const counted = !silent && (content.store_history ?? true);
    if (counted) executionCount++;
    payload = [];
    if (!silent) publish("execute_input", { code: content.code, execution_count: executionCount });
    const outcome = await executor.execute(content.code, executionCount);
    streams.flush();
    if (outcome.status === "error") {
      const error = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
      if (!silent) publish("error", error);
      if (counted) history.add(executionCount, content.code, null);
      await reply(sendShell, identities, request, "execute_reply", { status: "error", execution_count: executionCount, ...error, user_expressions: {}, payload: [] });
      // stop_on_error: the cells queued behind a failing one do not run (their replies say so).
      if (content.stop_on_error ?? true) {
        for (const queued of queue.splice(0).filter((p) => p.message.header.msg_type === "execute_request")) {
          await reply(sendShell, queued.identities, queued.message, "execute_reply", { status: "aborted", execution_count: executionCount });
        }
      }
      return;
    }
    let text: string | null = null;
    if (outcome.hasValue && !silent) {
      let bundle: MimeBundle;
      try {
        // A cell's string value shows quoted, as Node's REPL shows it; display("text") shows it bare.
        bundle = typeof outcome.value === "string" ? { "text/plain": inspect(outcome.value) } : await toMimeBundle(outcome.value);
      } catch (error) {
        bundle = { "text/plain": `${inspect(outcome.value)}\n(its rich display failed: ${(error as Error).message})` };
      }
      text = bundle["text/plain"];
      publish("execute_result", { execution_count: executionCount, data: bundle, metadata: {} });
    }
    if (counted) history.add(executionCount, content.code, text);
    await reply(sendShell, identities, request, "execute_reply", { status: "ok", execution_count: executionCount, payload, user_expressions: {} });
  }

  async function handle(channel: "shell" | "control", request: Message, identities: Buffer[], queue: Pending[]): Promise<void> {
    const send = channel === "shell" ? sendShell : sendControl;
    const type = request.header.msg_type;
    current = request;
    publish("status", { execution_state: "busy" }, request);
    try {
      switch (type) {
        case "kernel_info_request":
          await reply(send, identities, request, "kernel_info_reply", kernelInfo);
          break;
        case "execute_request":
          await execute(request, identities, queue);
          break;
        case "is_complete_request":
          await reply(send, identities, request, "is_complete_reply", codeCompleteness(String(request.content["code"] ?? "")));
          break;
        case "complete_request": {
          const code = String(request.content["code"] ?? "");
          const cursor = Number(request.content["cursor_pos"] ?? code.length);
          const found = executor.complete(code, cursor);
          await reply(send, identities, request, "complete_reply", { status: "ok", matches: found.candidates, cursor_start: found.start, cursor_end: found.end, metadata: {} });
          break;
        }
        case "inspect_request": {
          const code = String(request.content["code"] ?? "");
          const text = executor.inspect(code, Number(request.content["cursor_pos"] ?? code.length));
          await reply(send, identities, request, "inspect_reply", { status: "ok", found: text !== undefined, data: text ? { "text/plain": text } : {}, metadata: {} });
          break;
        }
        case "history_request":
          await reply(send, identities, request, "history_reply", { status: "ok", history: history.query(request.content as HistoryQuery) });
          break;
        case "comm_info_request":
          await reply(send, identities, request, "comm_info_reply", { status: "ok", comms: {} });
          break;
        case "interrupt_request":
          executor.interrupt();
          await reply(send, identities, request, "interrupt_reply", { status: "ok" });
          break;
        case "shutdown_request":
          await reply(send, identities, request, "shutdown_reply", { status: "ok", restart: Boolean(request.content["restart"]) });
          running = false;
          break;
        default:
          process.stderr.write(`minicloud kernel: ignoring a ${type} message\n`);
      }
    } finally {
      streams.flush();
      publish("status", { execution_state: "idle" }, request);
    }
  }

  interface Pending {
    message: Message;
    identities: Buffer[];
  }

  // Shell requests run one at a time, in order; reading goes on meanwhile, so that a cell that fails
  // can see which requests queued up behind it.
  const shellQueue: Pending[] = [];
  let wake: (() => void) | undefined;
  void (async () => {
    for await (const frames of shell) {
      try {
        const { identities, message } = decodeMessage(frames, key);
        shellQueue.push({ identities, message });
        wake?.();
      } catch (error) {
        process.stderr.write(`minicloud kernel: ${(error as Error).message}\n`);
      }
    }
  })();
  void (async () => {
    while (running) {
      const next = shellQueue.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      await handle("shell", next.message, next.identities, shellQueue);
      if (!running) shutdown();
    }
  })();
  void (async () => {
    for await (const frames of control) {
      try {
        const { identities, message } = decodeMessage(frames, key);
        await handle("control", message, identities, []);
        if (!running) shutdown();
      } catch (error) {
        process.stderr.write(`minicloud kernel: ${(error as Error).message}\n`);
      }
    }
  })();
  void (async () => {
    for await (const frames of heartbeat) await heartbeat.send(frames);
  })();
  void (async () => {
    for await (const _ of stdin) {
      // input() is not offered: nothing to answer.
    }
  })();

  publish("status", { execution_state: "starting" }, undefined);

  function shutdown(): void {
    streams.restore();
    connectKernel(undefined);
    executor.close();
    // Let the last replies leave before the sockets close.
    setTimeout(() => {
      for (const socket of [shell, control, stdin, iopub, heartbeat]) socket.close();
      resolveDone();
    }, 100);
  }

  return done;
}
