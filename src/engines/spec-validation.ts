import { MinicloudError } from "../core/errors.js";
import type { ContainerSpec } from "./types.js";

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
/** Docker refuses memory limits under 6 MiB. */
export const MIN_MEMORY_MIB = 6;

function invalid(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", `${field}: ${message}`, { field });
}

function checkPort(value: unknown, field: string, allowZero: boolean): void {
  const min = allowZero ? 0 : 1;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > 65535) {
    throw invalid(field, `must be a whole number from ${min} to 65535, not ${JSON.stringify(value)}.`);
  }
}

function checkStrings(value: unknown, field: string): void {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalid(field, `must be a list of strings, e.g. ["node", "server.js"], not ${JSON.stringify(value)}.`);
  }
}

/** Checks a container spec before anything is created, naming the field to fix. */
export function validateContainerSpec(spec: ContainerSpec): void {
  if (typeof spec.image !== "string" || spec.image.trim() === "") throw invalid("image", "must name an image, e.g. minicloud/node:20.");
  if (spec.name !== undefined && !NAME.test(spec.name)) {
    throw invalid("name", `"${spec.name}" may hold only letters, digits, _ . - and must start with a letter or digit.`);
  }
  if (spec.command !== undefined) checkStrings(spec.command, "command");
  if (spec.entrypoint !== undefined) checkStrings(spec.entrypoint, "entrypoint");
  for (const [key, value] of Object.entries(spec.env ?? {})) {
    if (typeof value !== "string") throw invalid(`env.${key}`, `must be a string, not ${JSON.stringify(value)}.`);
    if (key === "" || key.includes("=")) throw invalid(`env.${key}`, "variable names must be non-empty and hold no '='.");
  }
  if (spec.workingDir !== undefined && !spec.workingDir.startsWith("/")) {
    throw invalid("workingDir", `must be an absolute path inside the container, like /app, not "${spec.workingDir}".`);
  }
  (spec.mounts ?? []).forEach((mount, i) => {
    if (typeof mount?.source !== "string" || !mount.source.startsWith("/")) throw invalid(`mounts[${i}].source`, `must be an absolute path on the host, not ${JSON.stringify(mount?.source)}.`);
    if (typeof mount.target !== "string" || !mount.target.startsWith("/") || mount.target === "/" || mount.target.split("/").includes("..")) {
      throw invalid(`mounts[${i}].target`, `must be an absolute path inside the container other than /, like /var/runtime/node_modules, not ${JSON.stringify(mount.target)}.`);
    }
  });
  (spec.ports ?? []).forEach((port, i) => {
    checkPort(port.containerPort, `ports[${i}].containerPort`, false);
    if (port.hostPort !== undefined) checkPort(port.hostPort, `ports[${i}].hostPort`, true);
    if (port.hostIp !== undefined && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(port.hostIp) && port.hostIp !== "0.0.0.0") {
      throw invalid(`ports[${i}].hostIp`, `must be a loopback address such as 127.0.0.1 or 127.0.3.1 (or 0.0.0.0, every address), not ${JSON.stringify(port.hostIp)}.`);
    }
  });
  if (spec.memoryMiB !== undefined && !(Number.isInteger(spec.memoryMiB) && spec.memoryMiB >= MIN_MEMORY_MIB)) {
    throw invalid("memoryMiB", `must be a whole number of MiB, at least ${MIN_MEMORY_MIB}, not ${JSON.stringify(spec.memoryMiB)}.`);
  }
  if (spec.cpus !== undefined && !(typeof spec.cpus === "number" && Number.isFinite(spec.cpus) && spec.cpus > 0 && spec.cpus <= 1024)) {
    throw invalid("cpus", `must be a number of cores above 0, e.g. 0.5 or 2, not ${JSON.stringify(spec.cpus)}.`);
  }
}
