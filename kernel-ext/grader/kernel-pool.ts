// Kernels started before their submission is assigned, so that a kernel's start — the process or
// container, and tslab loading TypeScript and minicloud's types — overlaps the grading of the submissions
// before it. Each kernel is handed out once and never reused: a pool kernel is as fresh as one started on
// demand (it has run no code; its compiler has only been asked about a type).
import { connectKernelClient, type KernelClient } from "../runner/kernel-client.js";
import type { KernelProcess } from "../runner/kernel-process.js";
import type { Sandbox } from "./sandbox.js";

/** A kernel ready for a submission: started in its sandbox, answering, its compiler warm. */
export interface ReadyKernel {
  kernel: KernelProcess;
  client: KernelClient;
}

/** Where a grader gets the kernel for each submission. */
export interface KernelSource {
  readonly kind: string;
  /** See {@link Sandbox.killEndsAll}. */
  readonly killEndsAll: boolean;
  /** The next fresh kernel, each handed out once; waits while none is ready. */
  acquire(): Promise<ReadyKernel>;
}

/** A kernel source that starts kernels ahead of need. */
export interface KernelPool extends KernelSource {
  /** Stops the kernels never handed out. */
  close(): Promise<void>;
}

/** How many kernels to start ahead, and how many the batch will need in all. */
export interface PoolOptions {
  ahead: number;
  total: number;
}

/**
 * An inspect request (the tooltip a frontend asks for) makes tslab build its compiler and load minicloud's
 * types, the slowest part of a first cell, without running anything.
 */
const WARM_UP = 'import * as minicloud from "minicloud";\nminicloud';

/** A kernel that dies before it is handed out is replaced, up to this many times in a row. */
const MAX_STILLBORN = 3;

/** Longest a kernel may take to warm up (a busy machine starts slowly; a hung kernel must not hold the batch). */
const WARM_UP_LIMIT_MS = 120_000;

async function prepare(sandbox: Sandbox): Promise<ReadyKernel & { gone: () => boolean }> {
  const kernel = await sandbox.startKernel();
  let ended: string | undefined;
  const died = kernel.exited.then((why) => ({ died: (ended = why) }));
  try {
    const client = await connectKernelClient(kernel.connection, 30_000, kernel.exited);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<{ died: string }>((resolve) => (timer = setTimeout(() => resolve({ died: `the kernel did not warm up within ${WARM_UP_LIMIT_MS / 1000} s` }), WARM_UP_LIMIT_MS)));
    const warm = await Promise.race([client.request("inspect_request", { code: WARM_UP, cursor_pos: WARM_UP.length, detail_level: 0 }), died, late]);
    clearTimeout(timer);
    if ("died" in warm) {
      client.close();
      throw new Error(warm.died);
    }
    return { kernel, client, gone: () => ended !== undefined };
  } catch (error) {
    await kernel.kill();
    throw error;
  }
}

/** A pool that keeps `ahead` kernels starting or ready, and starts no more than `total` that are used. */
export function createKernelPool(sandbox: Sandbox, options: PoolOptions): KernelPool {
  const waiting: Promise<ReadyKernel & { gone: () => boolean }>[] = [];
  let started = 0;
  let closed = false;
  const startOne = (): void => {
    started++;
    const ready = prepare(sandbox);
    // Its failure is reported to whoever acquires it; until then it must not count as unhandled.
    ready.catch(() => undefined);
    waiting.push(ready);
  };
  const topUp = (): void => {
    while (!closed && waiting.length < options.ahead && started < options.total) startOne();
  };
  topUp();
  return {
    kind: sandbox.kind,
    killEndsAll: sandbox.killEndsAll,
    async acquire() {
      if (closed) throw new Error("expected the kernel pool to be open");
      for (let attempt = 1; ; attempt++) {
        if (waiting.length === 0) startOne();
        const next = waiting.shift()!;
        topUp();
        const ready = await next.catch((error: Error) => error);
        if (!(ready instanceof Error) && !ready.gone()) return { kernel: ready.kernel, client: ready.client };
        if (!(ready instanceof Error)) {
          ready.client.close();
          await ready.kernel.kill();
        }
        // Replaced, not counted: a kernel that died waiting never had a submission.
        started--;
        if (attempt >= MAX_STILLBORN) throw ready instanceof Error ? ready : new Error(`${MAX_STILLBORN} kernels in a row ended before they were used`);
      }
    },
    async close() {
      closed = true;
      const left = waiting.splice(0);
      await Promise.all(
        left.map(async (pending) => {
          const ready = await pending.catch(() => undefined);
          ready?.client.close();
          await ready?.kernel.kill();
        }),
      );
    },
  };
}
