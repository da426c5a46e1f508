// A kernel started through a Jupyter server's REST API and driven over its websocket, as a browser does
// (Node 20 has no WebSocket of its own: the `ws` package speaks it).
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { http } from "./http.js";

/** What one cell gave back. */
export interface CellRun {
  status: "ok" | "error" | "aborted";
  stdout: string;
  stderr: string;
  /** The error's name and value, when the cell failed. */
  error?: string;
}

/** A running kernel of a Jupyter server. */
export interface ServerKernel {
  id: string;
  /** Runs a cell and waits for its reply and for the kernel to go idle. */
  execute(code: string, timeoutMs?: number): Promise<CellRun>;
  /** Closes the websocket and the Jupyter session, which shuts the kernel down. */
  shutdown(): Promise<void>;
}

interface Message {
  channel: string;
  header: { msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, any>;
}

/**
 * Opens a notebook (`notebookPath`, relative to the server's root) with a kernel of `kernelName` on the
 * server at `baseUrl` (ending in "/"), authenticated by `token`, as a browser opening it does: through a
 * Jupyter session, so the kernel runs in the notebook's folder.
 */
export async function startServerKernel(baseUrl: string, token: string, kernelName: string, notebookPath: string): Promise<ServerKernel> {
  const headers = { Authorization: `token ${token}`, "Content-Type": "application/json" };
  const body = JSON.stringify({ path: notebookPath, name: notebookPath, type: "notebook", kernel: { name: kernelName } });
  const created = await http(`${baseUrl}api/sessions`, { method: "POST", headers, body });
  if (created.status !== 201) throw new Error(`opening ${notebookPath} with a ${kernelName} kernel: HTTP ${created.status} ${created.text}`);
  const { id: sessionId, kernel } = created.json<{ id: string; kernel: { id: string } }>();
  const id = kernel.id;
  const session = randomUUID();
  const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}api/kernels/${id}/channels?session_id=${session}`, { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const listeners = new Set<(message: Message) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as Message;
    for (const listener of listeners) listener(message);
  });

  return {
    id,
    execute(code, timeoutMs = 120_000) {
      const msgId = randomUUID();
      return new Promise<CellRun>((resolve, reject) => {
        const run: CellRun = { status: "aborted", stdout: "", stderr: "" };
        let replied = false;
        let idle = false;
        const finish = (): void => {
          if (!replied || !idle) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(run);
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no reply within ${timeoutMs} ms to:\n${code}\nso far: ${JSON.stringify(run)}`));
        }, timeoutMs);
        const listener = (message: Message): void => {
          if (message.parent_header.msg_id !== msgId) return;
          const { msg_type: type } = message.header;
          if (type === "stream") run[message.content["name"] === "stderr" ? "stderr" : "stdout"] += String(message.content["text"]);
          if (type === "error") run.error = `${message.content["ename"]}: ${message.content["evalue"]}`;
          if (type === "execute_reply") {
            run.status = message.content["status"] as CellRun["status"];
            replied = true;
          }
          if (type === "status" && message.content["execution_state"] === "idle") idle = true;
          finish();
        };
        listeners.add(listener);
        socket.send(
          JSON.stringify({
            channel: "shell",
            header: { msg_id: msgId, session, username: "test", msg_type: "execute_request", version: "5.3", date: new Date().toISOString() },
            parent_header: {},
            metadata: {},
            content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
            buffers: [],
          }),
        );
      });
    },
    async shutdown() {
      socket.close();
      const answer = await http(`${baseUrl}api/sessions/${sessionId}`, { method: "DELETE", headers });
      if (answer.status !== 204) throw new Error(`shutting kernel ${id} down: HTTP ${answer.status} ${answer.text}`);
    },
  };
}
