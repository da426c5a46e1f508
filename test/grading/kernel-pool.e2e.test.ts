import { describe, expect, it } from "vitest";
import { createKernelPool, createProcessSandbox, type Sandbox } from "../../kernel-ext/grader/index.js";
import type { KernelProcess } from "../../kernel-ext/runner/kernel-process.js";

/** A process sandbox that records every kernel it starts, and can make some die as soon as they start. */
function recordingSandbox(dies: (n: number) => boolean = () => false): Sandbox & { kernels: { kernel: KernelProcess; ended: () => boolean }[] } {
  const inner = createProcessSandbox();
  const kernels: { kernel: KernelProcess; ended: () => boolean }[] = [];
  return {
    kind: inner.kind,
    killEndsAll: inner.killEndsAll,
    kernels,
    async startKernel() {
      const kernel = await inner.startKernel();
      let ended = false;
      void kernel.exited.then(() => (ended = true));
      kernels.push({ kernel, ended: () => ended });
      if (dies(kernels.length)) await kernel.kill();
      return kernel;
    },
    close: () => inner.close(),
  };
}

describe("the kernel pool", () => {
  it("starts kernels ahead, hands each out once and fresh, and stops the ones never used", async () => {
    const sandbox = recordingSandbox();
    const pool = createKernelPool(sandbox, { ahead: 2, total: 3 });
    try {
      const first = await pool.acquire();
      const second = await pool.acquire();
      expect(first.kernel.connection.key).not.toBe(second.kernel.connection.key);
      // Fresh: the warm-up ran no cell, so the submission's first cell is the kernel's first.
      const { reply } = await first.client.request("execute_request", { code: "6 * 7", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
      expect(reply.content).toMatchObject({ status: "ok", execution_count: 1 });
      // Two handed out, and no more started than the batch needs.
      expect(sandbox.kernels.length).toBe(3);
      for (const ready of [first, second]) {
        ready.client.close();
        await ready.kernel.kill();
      }
    } finally {
      await pool.close();
      await sandbox.close();
    }
    // The third was never handed out: closing the pool stopped it.
    expect(sandbox.kernels.every((k) => k.ended())).toBe(true);
  }, 120_000);

  it("replaces a kernel that died before it was handed out", async () => {
    const sandbox = recordingSandbox((n) => n === 1);
    const pool = createKernelPool(sandbox, { ahead: 1, total: 1 });
    try {
      const ready = await pool.acquire();
      expect(sandbox.kernels.length).toBe(2);
      expect(sandbox.kernels[0]!.ended()).toBe(true);
      const { reply } = await ready.client.request("kernel_info_request", {});
      expect(reply.content["status"]).toBe("ok");
      ready.client.close();
      await ready.kernel.kill();
    } finally {
      await pool.close();
      await sandbox.close();
    }
  }, 120_000);

  it("says why when kernels keep dying before they can be used", async () => {
    const sandbox = recordingSandbox(() => true);
    const pool = createKernelPool(sandbox, { ahead: 1, total: 1 });
    try {
      await expect(pool.acquire()).rejects.toThrow(/the kernel exited/);
      expect(sandbox.kernels.length).toBe(3);
    } finally {
      await pool.close();
      await sandbox.close();
    }
  }, 120_000);
});
