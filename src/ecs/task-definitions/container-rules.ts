import type { ContainerDefinition, HealthCheck, PortMapping } from "../ecs-types.js";
import { clientException } from "../ecs-errors.js";

// Per-container rules of RegisterTaskDefinition, with ECS's wording where ECS has one.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html

const NAME = /^[a-zA-Z0-9_-]{1,255}$/;
const DEPENDENCY_CONDITIONS = ["START", "COMPLETE", "SUCCESS", "HEALTHY"];
/** Docker 20.10 and later refuse containers with less memory than this. */
export const MIN_CONTAINER_MEMORY_MIB = 6;

/** What the container rules need to know about the task around them. */
export interface TaskContext {
  networkMode: string;
  /** Task-level memory in MiB, when the task definition sets it. */
  taskMemory: number | undefined;
  taskCpu: number | undefined;
}

function wholeNumber(value: unknown, min: number, max: number, field: string, what: string): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw clientException(`${what} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`, field);
  }
}

function checkPorts(c: ContainerDefinition, at: string, ctx: TaskContext): PortMapping[] {
  return (c.portMappings ?? []).map((p, j) => {
    const field = `${at}.portMappings[${j}]`;
    wholeNumber(p.containerPort, 1, 65535, `${field}.containerPort`, "containerPort");
    if (p.containerPort === undefined && p.containerPortRange === undefined) {
      throw clientException(`Invalid setting for container '${c.name}'. Each port mapping needs a containerPort.`, `${field}.containerPort`);
    }
    wholeNumber(p.hostPort, 0, 65535, `${field}.hostPort`, "hostPort");
    if (p.protocol !== undefined && p.protocol !== "tcp" && p.protocol !== "udp") {
      throw clientException(`Invalid protocol '${p.protocol}' for container '${c.name}'. Use "tcp" or "udp".`, `${field}.protocol`);
    }
    if ((ctx.networkMode === "awsvpc" || ctx.networkMode === "host") && p.hostPort !== undefined && p.hostPort !== p.containerPort) {
      throw clientException(`When networkMode=${ctx.networkMode}, the host ports and container ports in port mappings must match.`, `${field}.hostPort`);
    }
    // In awsvpc and host mode the task's own address serves the port, so the host port is the container port.
    const hostPort = ctx.networkMode === "awsvpc" || ctx.networkMode === "host" ? p.containerPort : (p.hostPort ?? 0);
    return { ...p, protocol: p.protocol ?? "tcp", ...(hostPort === undefined ? {} : { hostPort }) };
  });
}

function checkHealthCheck(h: HealthCheck, at: string, name: string): HealthCheck {
  const field = `${at}.healthCheck`;
  const [kind, ...rest] = h.command ?? [];
  if ((kind !== "CMD" && kind !== "CMD-SHELL" && kind !== "NONE") || (kind !== "NONE" && rest.length === 0)) {
    throw clientException(`Invalid healthCheck for container '${name}': command must start with "CMD" or "CMD-SHELL" followed by the command, e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].`, `${field}.command`);
  }
  // Ranges and defaults: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
  wholeNumber(h.interval, 5, 300, `${field}.interval`, "healthCheck interval (seconds)");
  wholeNumber(h.timeout, 2, 60, `${field}.timeout`, "healthCheck timeout (seconds)");
  wholeNumber(h.retries, 1, 10, `${field}.retries`, "healthCheck retries");
  wholeNumber(h.startPeriod, 0, 300, `${field}.startPeriod`, "healthCheck startPeriod (seconds)");
  return { command: h.command, interval: h.interval ?? 30, timeout: h.timeout ?? 5, retries: h.retries ?? 3, startPeriod: h.startPeriod ?? 0 };
}

/** Checks one container definition and returns it with ECS's defaults filled in. */
export function checkContainer(c: ContainerDefinition, i: number, ctx: TaskContext): ContainerDefinition {
  const at = `containerDefinitions[${i}]`;
  if (typeof c.name !== "string" || !NAME.test(c.name)) {
    throw clientException(`Invalid container name ${JSON.stringify(c.name)}. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`, `${at}.name`);
  }
  if (typeof c.image !== "string" || c.image.trim() === "") {
    throw clientException(`Container.image should not be null or empty. Give container '${c.name}' an image, e.g. "hello-service:v1".`, `${at}.image`);
  }
  wholeNumber(c.cpu, 0, 10 * 1024 * 1024, `${at}.cpu`, `cpu of container '${c.name}'`);
  wholeNumber(c.memory, 1, Number.MAX_SAFE_INTEGER, `${at}.memory`, `memory of container '${c.name}'`);
  wholeNumber(c.memoryReservation, 1, Number.MAX_SAFE_INTEGER, `${at}.memoryReservation`, `memoryReservation of container '${c.name}'`);
  if (c.memory === undefined && c.memoryReservation === undefined && ctx.taskMemory === undefined) {
    throw clientException(`Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`, `${at}.memory`);
  }
  if (c.memory !== undefined && c.memoryReservation !== undefined && c.memory < c.memoryReservation) {
    throw clientException(`Invalid setting for container '${c.name}'. 'memory' must be greater than or equal to 'memoryReservation'.`, `${at}.memory`);
  }
  for (const [value, key] of [[c.memory, "memory"], [c.memoryReservation, "memoryReservation"]] as const) {
    if (value !== undefined && value < MIN_CONTAINER_MEMORY_MIB) {
      throw clientException(`Invalid '${key}' setting for container '${c.name}'. The minimum is ${MIN_CONTAINER_MEMORY_MIB} MiB.`, `${at}.${key}`);
    }
    if (value !== undefined && ctx.taskMemory !== undefined && value > ctx.taskMemory) {
      throw clientException(`Invalid '${key}' setting for container '${c.name}'. ${value} MiB is more than the task's memory (${ctx.taskMemory} MiB).`, `${at}.${key}`);
    }
  }
  if (ctx.networkMode === "awsvpc" && c.hostname !== undefined) {
    throw clientException("hostname is not supported on container when networkMode=awsvpc.", `${at}.hostname`);
  }
  if (c.links !== undefined && c.links.length > 0 && ctx.networkMode !== "bridge") {
    throw clientException(`links are not supported when networkMode=${ctx.networkMode}. Links work only in bridge mode; in ${ctx.networkMode} mode containers of a task reach each other directly.`, `${at}.links`);
  }
  for (const [j, e] of (c.environment ?? []).entries()) {
    if (typeof e.name !== "string" || e.name === "") throw clientException(`Environment variable ${j} of container '${c.name}' has no name.`, `${at}.environment[${j}].name`);
  }
  for (const [j, d] of (c.dependsOn ?? []).entries()) {
    if (!DEPENDENCY_CONDITIONS.includes(d.condition ?? "")) {
      throw clientException(`Invalid dependsOn condition ${JSON.stringify(d.condition)} for container '${c.name}'. Use one of ${DEPENDENCY_CONDITIONS.join(", ")}.`, `${at}.dependsOn[${j}].condition`);
    }
  }
  for (const list of ["command", "entryPoint"] as const) {
    const value = c[list];
    if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== "string"))) {
      throw clientException(`${list} of container '${c.name}' must be a list of strings, e.g. ["node", "server.js"].`, `${at}.${list}`);
    }
  }
  return {
    ...c,
    cpu: c.cpu ?? 0,
    essential: c.essential ?? true,
    portMappings: checkPorts(c, at, ctx),
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
    ...(c.healthCheck ? { healthCheck: checkHealthCheck(c.healthCheck, at, c.name) } : {}),
  };
}
