// The Docker sandbox: a container per submission (container-kernel.ts), from the grader image that
// minicloud builds offline (grader-image.ts). The batch is a minicloud session of its own: its containers
// carry the session's label, so `minicloud clean` removes what a grader that crashed left behind.
import { randomBytes } from "node:crypto";
import { createDockerEngine } from "minicloud";
import { startContainerKernel } from "./container-kernel.js";
import { ensureGraderImage, GRADER_IMAGE } from "./grader-image.js";
import { DEFAULT_LIMITS, sharedRuntimes, type Sandbox, type SandboxLimits } from "./sandbox.js";

/** Options of the Docker sandbox. */
export interface DockerSandboxOptions {
  limits?: SandboxLimits;
  /** Told when the grader image had to be built (the first time, or after minicloud/node changed). */
  onImageBuilt?: (tag: string) => void;
}

/** A Docker sandbox on the engine at DOCKER_HOST (or the default socket), with its image built if missing. */
export async function createDockerSandbox(options: DockerSandboxOptions = {}): Promise<Sandbox> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const sessionId = randomBytes(6).toString("hex");
  const engine = createDockerEngine({ sessionId });
  try {
    const { built } = await ensureGraderImage(engine);
    if (built) options.onImageBuilt?.(GRADER_IMAGE);
  } catch (error) {
    await engine.shutdown();
    throw error;
  }
  const runtimes = sharedRuntimes();
  const { default: Docker } = await import("dockerode");
  const docker = new Docker();
  let count = 0;
  return {
    kind: "docker",
    killEndsAll: true,
    startKernel: () => startContainerKernel({ docker, image: GRADER_IMAGE, sessionId, name: `mc-${sessionId}-kernel-${++count}`, limits, runtimes }),
    // Removes any container of the session still there, and the session's record.
    close: () => engine.shutdown(),
  };
}
