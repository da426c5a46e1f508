import { dirname, resolve } from "node:path";
import type { Message } from "../wire.js";
import { connectKernelClient, type KernelClient } from "./kernel-client.js";
import { startKernelProcess, type KernelProcess } from "./kernel-process.js";
import { coalesceStreams, joinText, readNotebook, storedOutput, type Notebook, type NotebookOutput } from "./nbformat-io.js";

/** Options for {@link runNotebook}. */
export interface RunOptions {
  /** Keep going after a cell fails (its error is recorded as its output). */
  allowErrors?: boolean;
  /** Longest a cell may run, in seconds (default 600); the cell is then interrupted and the run stops. */
  timeoutS?: number;
  /** The kernel's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Told about each cell as it finishes. */
  onCell?: (progress: CellProgress) => void;
  /** Longest the whole notebook may run, in seconds; a cell still running then is stopped as a timeout. */
  totalTimeoutS?: number;
  /** Most output bytes the notebook may produce; past it the kernel is stopped and the run ends with "output-limit". */
  maxOutputBytes?: number;
  /**
   * Ask the kernel to shut down before killing it (default true), so its exit hooks stop what it started.
   * False when killing it ends everything anyway (a container, a PID namespace).
   */
  shutdownFirst?: boolean;
}

/** How one cell went. */
export interface CellProgress {
  index: number;
  total: number;
  status: "ok" | "error" | "timeout" | "dead-kernel" | "output-limit";
  durationMs: number;
}

/** How the whole run went, with the executed notebook. */
export interface RunResult {
  notebook: Notebook;
  status: "ok" | "error" | "timeout" | "dead-kernel" | "output-limit";
  /** One-based index of the code cell that stopped the run, if one did. */
  failedCell?: number;
  message?: string;
  cells: CellProgress[];
}

/** An output from an iopub message, as Jupyter's own clients record it. */
function outputOf(message: Message): NotebookOutput | undefined {
  const c = message.content as Record<string, unknown>;
  switch (message.header.msg_type) {
    case "stream":
      return { output_type: "stream", name: c["name"] as "stdout" | "stderr", text: c["text"] as string };
    case "display_data":
      return { output_type: "display_data", data: c["data"] as Record<string, unknown>, metadata: (c["metadata"] as Record<string, unknown>) ?? {} };
    case "execute_result":
      return {
        output_type: "execute_result",
        execution_count: c["execution_count"] as number,
        data: c["data"] as Record<string, unknown>,
        metadata: (c["metadata"] as Record<string, unknown>) ?? {},
      };
    case "error":
      return { output_type: "error", ename: c["ename"] as string, evalue: c["evalue"] as string, traceback: c["traceback"] as string[] };
    default:
      return undefined;
  }
}

function errorOutput(ename: string, evalue: string): NotebookOutput {
  return { output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

/**
 * Executes a notebook top to bottom in a fresh minicloud kernel, speaking the Jupyter protocol over
 * ZeroMQ itself: no Python and no Jupyter needed. Outputs and execution counts are recorded as
 * Jupyter records them. The kernel is always stopped, whatever happens.
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<RunResult> {
  return executeNotebook(readNotebook(path), dirname(resolve(path)), options);
}

/** The byte size of an output as recorded, for the output cap. */
function outputBytes(output: NotebookOutput): number {
  return Buffer.byteLength(JSON.stringify(output), "utf8");
}

/**
 * Executes a notebook held in memory, with the kernel working in `cwd`: what {@link runNotebook} does
 * for a file, for a caller (the grader) whose notebook must never be written where the kernel could read it.
 */
export async function executeNotebook(notebook: Notebook, cwd: string, options: RunOptions = {}): Promise<RunResult> {
  return executeInKernel(notebook, await startKernelProcess(cwd, { env: options.env ?? process.env }), options);
}

/**
 * Executes a notebook in a kernel started elsewhere (a sandbox, a pool), through `client` when one is
 * already connected to it. The kernel is always stopped afterwards, whatever happens.
 */
export async function executeInKernel(notebook: Notebook, kernel: KernelProcess, options: RunOptions = {}, connectedClient?: KernelClient): Promise<RunResult> {
  const cellTimeoutMs = (options.timeoutS ?? 600) * 1000;
  const deadline = options.totalTimeoutS === undefined ? Infinity : Date.now() + options.totalTimeoutS * 1000;
  const maxOutputBytes = options.maxOutputBytes ?? Infinity;
  let outputTotal = 0;
  const codeCells = notebook.cells.filter((c) => c.cell_type === "code");
  const cells: CellProgress[] = [];
  let client = connectedClient;
  let ended = false;
  const died = kernel.exited.then((why) => ((ended = true), { died: why }));
  try {
    if (client === undefined) {
      const connected = await connectKernelClient(kernel.connection, 30_000, kernel.exited).catch((error: Error) => {
        if (ended) return { died: error.message };
        throw error;
      });
      if ("died" in connected) return { notebook, status: "dead-kernel", message: connected.died, cells };
      client = connected;
    }
    const info = await Promise.race([client.request("kernel_info_request", {}), died]);
    if ("died" in info) return { notebook, status: "dead-kernel", message: info.died, cells };
    notebook.metadata["language_info"] = (info.reply.content as { language_info?: unknown }).language_info;

    for (const [i, cell] of codeCells.entries()) {
      cell.outputs = [];
      cell.execution_count = null;
      const code = joinText(cell.source);
      if (code.trim() === "") continue;
      const started = Date.now();
      const outputs: NotebookOutput[] = [];
      let clearOnNext = false;
      let flooded!: () => void;
      const floodedOut = new Promise<"flood">((r) => (flooded = () => r("flood")));
      const onIopub = (message: Message): void => {
        const content = message.content as { execution_count?: number; wait?: boolean };
        if (message.header.msg_type === "execute_input" && content.execution_count !== undefined) cell.execution_count = content.execution_count;
        if (message.header.msg_type === "clear_output") {
          if (content.wait) clearOnNext = true;
          else outputs.length = 0;
          return;
        }
        const output = outputOf(message);
        if (output === undefined) return;
        if (clearOnNext) {
          outputs.length = 0;
          clearOnNext = false;
        }
        if (outputTotal > maxOutputBytes) return;
        outputTotal += outputBytes(output);
        // Past the cap nothing more is kept: a flood must not fill the grader's memory.
        if (outputTotal > maxOutputBytes) flooded();
        else outputs.push(output);
      };
      const execution = client.request(
        "execute_request",
        { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: !options.allowErrors },
        onIopub,
      );
      let timer: NodeJS.Timeout | undefined;
      const limitMs = Math.max(0, Math.min(cellTimeoutMs, deadline - Date.now()));
      const overall = limitMs < cellTimeoutMs;
      const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), limitMs)));
      const outcome = await Promise.race([execution, timedOut, died, floodedOut]);
      clearTimeout(timer);
      const finish = (status: CellProgress["status"], extra?: NotebookOutput): void => {
        if (extra) outputs.push(extra);
        cell.outputs = coalesceStreams(outputs).map(storedOutput);
        const progress = { index: i + 1, total: codeCells.length, status, durationMs: Date.now() - started };
        cells.push(progress);
        options.onCell?.(progress);
      };
      if (outcome === "flood") {
        await kernel.kill();
        finish("output-limit", errorOutput("OutputLimitError", `the notebook wrote more than ${maxOutputBytes} bytes of output; the kernel was stopped and the cells after this one were not run`));
        return { notebook, status: "output-limit", failedCell: i + 1, message: `cell ${i + 1} took the notebook's output past ${maxOutputBytes} bytes`, cells };
      }
      if (outcome === "timeout") {
        const what = overall ? `the notebook ran longer than its ${options.totalTimeoutS} s in all` : `the cell ran longer than ${cellTimeoutMs / 1000} s`;
        // Interrupt the cell, as a person would; a kernel that will not stop is killed below.
        kernel.interrupt();
        await Promise.race([execution, new Promise((r) => setTimeout(r, overall ? 500 : 3000))]);
        finish("timeout", errorOutput("CellTimeoutError", `${what} and was interrupted; the cells after it were not run`));
        const message = overall ? `cell ${i + 1}: ${what}` : `cell ${i + 1} ran longer than ${cellTimeoutMs / 1000} s`;
        return { notebook, status: "timeout", failedCell: i + 1, message, cells };
      }
      if ("died" in outcome) {
        finish("dead-kernel", errorOutput("DeadKernelError", `${outcome.died} while this cell was running`));
        return { notebook, status: "dead-kernel", failedCell: i + 1, message: outcome.died, cells };
      }
      const reply = outcome.reply.content as { status: string; execution_count?: number; ename?: string; evalue?: string };
      if (cell.execution_count === null && reply.execution_count !== undefined) cell.execution_count = reply.execution_count;
      if (reply.status !== "ok") {
        finish("error");
        if (!options.allowErrors) {
          return { notebook, status: "error", failedCell: i + 1, message: `cell ${i + 1} failed: ${reply.ename}: ${reply.evalue}`, cells };
        }
        continue;
      }
      finish("ok");
    }
    const failed = cells.find((c) => c.status !== "ok");
    return failed ? { notebook, status: "error", failedCell: failed.index, message: `cell ${failed.index} failed`, cells } : { notebook, status: "ok", cells };
  } finally {
    if (client && !ended && options.shutdownFirst !== false) {
      await Promise.race([client.control("shutdown_request", { restart: false }), new Promise((r) => setTimeout(r, 2000))]).catch(() => undefined);
      await Promise.race([kernel.exited, new Promise((r) => setTimeout(r, 2000))]);
    }
    client?.close();
    await kernel.kill();
  }
}
