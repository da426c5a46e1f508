import { posix } from "node:path";
import type { Instruction } from "./dockerfile.js";
import type { ImageConfig } from "./types.js";

/** The PATH minicloud's base image sets, as the official node images do. */
export const BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The run settings of `minicloud/node:<major>`: Node.js on PATH, `node` as the default command. */
export function baseImageConfig(nodeVersion: string = process.versions.node): ImageConfig {
  return {
    env: { PATH: BASE_PATH, NODE_VERSION: nodeVersion },
    cmd: ["node"],
    entrypoint: null,
    workingDir: "/",
    exposedPorts: [],
    labels: { "minicloud.base": "node" },
  };
}

/** A COPY to carry out: sources relative to the build context, destination absolute in the image. */
export interface CopyStep {
  line: number;
  sources: string[];
  /** Absolute; ends with "/" when it names a folder. */
  destination: string;
}

/** The image a Dockerfile describes, apart from its FROM: its run settings and the files to copy. */
export interface ImagePlan {
  from: string;
  config: ImageConfig;
  copies: CopyStep[];
}

/**
 * Applies a Dockerfile's instructions to the base image's settings, as Docker does: WORKDIR is
 * relative to the previous one, COPY destinations to the WORKDIR, and a new ENTRYPOINT clears the
 * CMD inherited from the base image.
 */
export function planImage(instructions: Instruction[], base: ImageConfig): ImagePlan {
  const [from, ...rest] = instructions;
  if (from?.kind !== "FROM") throw new Error("expected the Dockerfile to start with FROM (parseDockerfile checks this)");
  const config: ImageConfig = {
    env: { ...base.env },
    cmd: base.cmd,
    entrypoint: base.entrypoint,
    workingDir: base.workingDir,
    exposedPorts: [...base.exposedPorts],
    labels: { ...base.labels },
  };
  const copies: CopyStep[] = [];
  let cmdSetHere = false;
  for (const step of rest) {
    switch (step.kind) {
      case "WORKDIR":
        config.workingDir = posix.resolve(config.workingDir, step.path);
        break;
      case "COPY": {
        // "." and the WORKDIR itself are folders (WORKDIR creates its folder), as are paths ending in "/".
        const destinationIsFolder =
          step.destination.endsWith("/") || step.destination === "." || step.sources.length > 1 || posix.resolve(config.workingDir, step.destination) === config.workingDir;
        const trailing = destinationIsFolder ? "/" : "";
        const destination = posix.resolve(config.workingDir, step.destination) + trailing;
        copies.push({ line: step.line, sources: step.sources, destination: destination.replace(/\/+$/, "/") });
        break;
      }
      case "ENV":
        Object.assign(config.env, step.vars);
        break;
      case "LABEL":
        Object.assign(config.labels, step.labels);
        break;
      case "EXPOSE":
        config.exposedPorts = [...new Set([...config.exposedPorts, ...step.ports])];
        break;
      case "CMD":
        config.cmd = step.argv;
        cmdSetHere = true;
        break;
      case "ENTRYPOINT":
        config.entrypoint = step.argv;
        if (!cmdSetHere) config.cmd = null;
        break;
      case "FROM":
        throw new Error("expected FROM only at the start (parseDockerfile refuses multi-stage builds)");
    }
  }
  return { from: from.image, config, copies };
}
