// Which sandbox a batch runs in: Docker when an engine answers (or when asked for by name), else the
// process sandbox — never silently: the caller prints the reason, and the process sandbox's warning.
import { probeDocker } from "minicloud";
import { createDockerSandbox } from "./docker-sandbox.js";
import { createProcessSandbox } from "./process-sandbox.js";
import type { Sandbox, SandboxKind, SandboxLimits } from "./sandbox.js";

/** What a caller may ask for: a sandbox by name, or `auto`. */
export type SandboxChoice = SandboxKind | "auto";

/** The sandbox a choice opened, and why that one. */
export interface OpenedSandbox {
  sandbox: Sandbox;
  reason: string;
}

/**
 * Opens the sandbox for a batch; `docker` by name fails (with what to do) when Docker cannot be used, `auto`
 * falls back. `hide`: the grader's files a process sandbox's kernels must not see (a container sees none of them).
 */
export async function openSandbox(choice: SandboxChoice, limits: SandboxLimits = {}, onImageBuilt?: (tag: string) => void, hide: readonly string[] = []): Promise<OpenedSandbox> {
  if (choice === "process") return { sandbox: createProcessSandbox(limits, hide), reason: "asked for by name" };
  const probe = await probeDocker();
  if (!probe.reachable) {
    const why = `no Docker engine answered at ${probe.host}: ${probe.reason ?? "no answer"}`;
    if (choice === "docker") throw new Error(`--sandbox docker: ${why}. Start Docker (or set DOCKER_HOST), or grade with --sandbox process.`);
    return { sandbox: createProcessSandbox(limits, hide), reason: why };
  }
  try {
    const sandbox = await createDockerSandbox({ limits, ...(onImageBuilt ? { onImageBuilt } : {}) });
    return { sandbox, reason: `a Docker engine answered (${probe.version ?? "unknown version"})` };
  } catch (error) {
    const why = `the Docker sandbox could not be prepared: ${(error as Error).message}`;
    if (choice === "docker") throw new Error(`--sandbox docker: ${why}`);
    return { sandbox: createProcessSandbox(limits, hide), reason: why };
  }
}
