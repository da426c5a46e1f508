import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { MinicloudError } from "../../core/errors.js";
import type { ContainerSpec, ImageConfig } from "../types.js";

/** The command a container runs, as Docker works it out: ENTRYPOINT + CMD, either replaced by the run's own. */
export function containerArgv(spec: ContainerSpec, config: ImageConfig): string[] {
  const entrypoint = spec.entrypoint ?? config.entrypoint ?? [];
  // A new entrypoint clears the image's CMD, as `docker run --entrypoint` does.
  const command = spec.command ?? (spec.entrypoint !== undefined ? [] : (config.cmd ?? []));
  return [...entrypoint, ...command];
}

const NODE_NAMES = new Set(["node", "/usr/local/bin/node", "/usr/bin/node", "nodejs"]);

function onHostPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The host program and arguments that run a container's argv inside its own copy of the image's files. */
export interface ResolvedProgram {
  file: string;
  args: string[];
  isNode: boolean;
}

/**
 * Maps a container's argv onto the host: `node` is the host's Node.js (the base image's whole point),
 * absolute paths that exist in the container's files point into them, and other programs come from
 * the host's PATH (the embedded engine shares the host's programs; Docker gives each image its own).
 */
export function resolveProgram(argv: string[], rootfs: string, hostPath: string): ResolvedProgram {
  const [command, ...rest] = argv;
  if (command === undefined) {
    throw new MinicloudError("ContainerStartFailed", "The container has no command: give the image a CMD or the container a command, e.g. [\"node\", \"server.js\"].", {
      field: "command",
    });
  }
  const inRoot = (p: string): string | undefined => (p.startsWith("/") && p !== "/" && existsSync(join(rootfs, p)) ? join(rootfs, p) : undefined);
  const args = rest.map((arg) => inRoot(arg) ?? arg);
  if (NODE_NAMES.has(command)) return { file: process.execPath, args, isNode: true };
  const file = inRoot(command) ?? (command.startsWith("/") ? (existsSync(command) ? command : undefined) : onHostPath(command, hostPath));
  if (file === undefined) {
    throw new MinicloudError("ContainerStartFailed", `exec: "${command}": executable file not found in the container or on PATH; check the command.`, {
      field: "command",
    });
  }
  return { file, args, isNode: false };
}
