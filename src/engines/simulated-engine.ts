import { createVirtualClock, type Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import { createRandom } from "../core/random.js";
import { copyState, createdState } from "./container-snapshot.js";
import { ContainerRegistry } from "./container-registry.js";
import { NetworkRegistry } from "./network-registry.js";
import { planBuild } from "./build-plan.js";
import { conflict, imageNotFound, portInUse } from "./engine-errors.js";
import { baseImageConfig } from "./image-config.js";
import { normalizeImageRef } from "./image-ref.js";
import { LogBuffer } from "./log-buffer.js";
import { validateContainerSpec } from "./spec-validation.js";
import type {
  BuildOptions,
  ContainerEngine,
  ContainerSpec,
  ContainerState,
  ContainerStats,
  ExecResult,
  ExitStatus,
  ImageInfo,
  ImportOptions,
  LogLine,
} from "./types.js";

/** Options for {@link createSimulatedEngine}. */
export interface SimulatedEngineOptions {
  sessionId: string;
  /** Default: a virtual clock that jumps ahead whenever everything waits on it. */
  clock?: Clock;
  /** Seeds container ids, so a run repeats exactly. Default 1. */
  seed?: number;
}

interface SimContainer {
  state: ContainerState;
  spec: ContainerSpec;
  /** Made on first use: most simulated containers print nothing, and at scale every allocation counts. */
  logBuffer?: LogBuffer;
  /** How it ended, once it has. */
  exit?: ExitStatus;
  /** Callers waiting for the exit. */
  waiters?: ((status: ExitStatus) => void)[];
  cancelTimers: (() => void)[];
  /** Clock time at which it exits by itself, when its behaviour has a run time. */
  runEndsAt?: number;
  /** While paused: how much of its run time is left (Infinity: it runs until stopped). */
  pausedWithMs?: number;
}

const MIB = 1024 * 1024;
const FIRST_DYNAMIC_PORT = 32768;

/**
 * The simulated engine: creates no processes. A container "runs" on the injected clock for as long as
 * its `simulate` behaviour says, prints what it says, and is killed when it uses more memory than its
 * limit. Deterministic for a seed; used for scale experiments and fast tests.
 */
export function createSimulatedEngine(options: SimulatedEngineOptions): ContainerEngine & { readonly clock: Clock } {
  const clock = options.clock ?? createVirtualClock({ autoAdvance: true, start: Date.now() });
  const random = createRandom(options.seed ?? 1);
  const { sessionId } = options;
  const containers = new ContainerRegistry<SimContainer>();
  const networks = new NetworkRegistry(sessionId);
  const images = new Map<string, ImageInfo>();
  const usedPorts = new Set<string>();
  // Container ids: 64 hex digits as Docker's, unique, repeatable for a seed, and cheap to make
  // (a hash of a counter up front so short ids differ, the counter, then a per-engine suffix).
  const idSuffix = random.hex(48);
  let created = 0;
  const nextId = (): string => {
    const n = ++created;
    let h = Math.imul(n ^ (options.seed ?? 1), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    return h.toString(16).padStart(8, "0") + n.toString(16).padStart(8, "0") + idSuffix;
  };
  let nextPort = FIRST_DYNAMIC_PORT;

  const addImage = (tags: string[], config: ImageInfo["config"]): ImageInfo => {
    const image: ImageInfo = { id: `sha256:${random.hex(64)}`, tags, createdAt: clock.now(), sizeBytes: 0, config };
    for (const tag of tags) {
      const previous = images.get(tag);
      if (previous) previous.tags = previous.tags.filter((t) => t !== tag);
      images.set(tag, image);
    }
    return image;
  };
  const nodeMajor = process.versions.node.split(".")[0]!;
  addImage([`minicloud/node:${nodeMajor}`, "minicloud/node:latest"], baseImageConfig());

  const image = (ref: string): ImageInfo => {
    const found = images.get(normalizeImageRef(ref));
    if (!found) throw imageNotFound(ref, "simulated");
    return found;
  };

  const finish = (c: SimContainer, exitCode: number, oomKilled: boolean): void => {
    if (c.state.status !== "running") return;
    for (const cancel of c.cancelTimers.splice(0)) cancel();
    c.state.status = "exited";
    c.state.exitCode = exitCode;
    c.state.oomKilled = oomKilled;
    c.state.finishedAt = clock.now();
    c.logBuffer?.close();
    c.exit = { exitCode, oomKilled };
    for (const wake of c.waiters?.splice(0) ?? []) wake(c.exit);
  };

  const logsOf = (c: SimContainer): LogBuffer => {
    if (c.logBuffer === undefined) {
      c.logBuffer = new LogBuffer(clock.now);
      if (c.exit !== undefined) c.logBuffer.close();
    }
    return c.logBuffer;
  };
  const exitOf = (c: SimContainer): Promise<ExitStatus> =>
    c.exit !== undefined ? Promise.resolve(c.exit) : new Promise((resolve) => (c.waiters ??= []).push(resolve));

  const timer = (c: SimContainer, ms: number, fn: () => void): void => {
    c.cancelTimers.push(clock.setTimer(ms, fn).cancel);
  };

  const snapshot = (c: SimContainer): ContainerState => copyState(c.state);

  const engine: ContainerEngine & { readonly clock: Clock } = {
    name: "simulated",
    sessionId,
    clock,

    async buildImage(build: BuildOptions): Promise<ImageInfo> {
      const plan = await planBuild(build, (ref) => image(ref).config);
      return addImage([normalizeImageRef(build.tag)], plan.config);
    },

    async importImage(imported: ImportOptions): Promise<ImageInfo> {
      return addImage([normalizeImageRef(imported.tag)], { ...baseImageConfig(), env: {}, cmd: null, labels: {}, ...imported.config });
    },
    async listImages() {
      return [...new Set(images.values())].map((i) => structuredClone(i));
    },
    async inspectImage(ref) {
      return structuredClone(image(ref));
    },
    async removeImage(ref) {
      const found = image(ref);
      const inUse = containers.all().find((c) => found.tags.includes(normalizeImageRef(c.spec.image)));
      if (inUse) throw conflict(`Image ${normalizeImageRef(ref)} is used by container ${inUse.state.name}; remove the container first.`);
      for (const tag of found.tags) images.delete(tag);
    },

    async tagImage(ref, tag) {
      const found = image(ref);
      const target = normalizeImageRef(tag);
      const previous = images.get(target);
      if (previous) previous.tags = previous.tags.filter((t) => t !== target);
      found.tags.push(target);
      images.set(target, found);
      return structuredClone(found);
    },

    async createNetwork(name) {
      return networks.create(name, random.hex(64));
    },
    async removeNetwork(name) {
      networks.remove(name, containers.all().map((c) => c.state));
    },

    async createContainer(spec) {
      validateContainerSpec(spec);
      image(spec.image);
      const id = nextId();
      const name = spec.name ?? `minicloud-${id.slice(0, 12)}`;
      containers.claimName(name);
      if (spec.network !== undefined) networks.require(spec.network);
      // A port is taken per address, as on a real host: 127.0.3.1:80 and 127.0.4.1:80 do not collide.
      const key = (hostIp: string, hostPort: number): string => `${hostIp}:${hostPort}`;
      const ports = (spec.ports ?? []).map((p, i) => {
        const hostIp = p.hostIp ?? "127.0.0.1";
        let hostPort = p.hostPort ?? 0;
        if (hostPort === 0) {
          while (usedPorts.has(key(hostIp, nextPort))) nextPort++;
          hostPort = nextPort++;
        } else if (usedPorts.has(key(hostIp, hostPort))) {
          throw portInUse(hostPort, `ports[${i}].hostPort`);
        }
        return { containerPort: p.containerPort, hostPort, hostIp };
      });
      for (const p of ports) usedPorts.add(key(p.hostIp, p.hostPort));
      const container: SimContainer = {
        spec,
        cancelTimers: [],
        state: createdState({ id, name, spec, sessionId, now: clock.now(), ports }),
      };
      containers.add(container);
      return snapshot(container);
    },

    async startContainer(id) {
      const c = containers.get(id);
      if (c.state.status !== "created") throw conflict(`Container ${c.state.name} is ${c.state.status}; only a created container can start.`);
      c.state.status = "running";
      c.state.startedAt = clock.now();
      const behaviour = c.spec.simulate ?? {};
      for (const line of behaviour.output ?? []) logsOf(c).write("stdout", `${line}\n`);
      if (c.spec.memoryMiB !== undefined && (behaviour.memoryMiB ?? 0) > c.spec.memoryMiB) {
        timer(c, 0, () => finish(c, 137, true));
      } else if (behaviour.runMs !== undefined) {
        c.runEndsAt = clock.now() + behaviour.runMs;
        timer(c, behaviour.runMs, () => finish(c, behaviour.exitCode ?? 0, false));
      }
      return snapshot(c);
    },

    async stopContainer(id, graceMs = 10_000) {
      const c = containers.get(id);
      if (c.state.status === "running") {
        if (c.spec.simulate?.ignoresSigterm) timer(c, graceMs, () => finish(c, 137, false));
        else finish(c, 143, false);
        await exitOf(c);
      }
      return snapshot(c);
    },
    async killContainer(id, signal = "SIGKILL") {
      const c = containers.get(id);
      if (c.state.status !== "running") throw conflict(`Container ${c.state.name} is not running.`);
      if (signal === "SIGTERM" && c.spec.simulate?.ignoresSigterm) return;
      finish(c, signal === "SIGTERM" ? 143 : 137, false);
    },
    async waitContainer(id) {
      const c = containers.get(id);
      if (c.state.status === "created") throw conflict(`Container ${c.state.name} has not been started.`);
      return exitOf(c);
    },
    async removeContainer(id, removal = {}) {
      const c = containers.get(id);
      if (c.state.status === "running") {
        if (!removal.force) throw conflict(`Container ${c.state.name} is running; stop it first or remove it with force.`);
        finish(c, 137, false);
      }
      for (const p of c.state.ports) usedPorts.delete(`${p.hostIp}:${p.hostPort}`);
      c.logBuffer?.close();
      containers.delete(c.state.id);
    },
    async inspectContainer(id) {
      return snapshot(containers.get(id));
    },
    async listContainers() {
      return containers.all().map(snapshot);
    },
    async logs(id): Promise<LogLine[]> {
      return [...logsOf(containers.get(id)).lines];
    },
    followLogs(id) {
      return logsOf(containers.get(id)).follow();
    },
    async stats(id): Promise<ContainerStats> {
      const c = containers.get(id);
      const running = c.state.status === "running";
      return {
        memoryBytes: running ? (c.spec.simulate?.memoryMiB ?? 0) * MIB : 0,
        memoryLimitBytes: c.spec.memoryMiB === undefined ? null : c.spec.memoryMiB * MIB,
        cpuPercent: 0,
      };
    },
    async peakMemoryBytes(id) {
      const c = containers.get(id);
      return c.state.startedAt === null ? 0 : (c.spec.simulate?.memoryMiB ?? 0) * MIB;
    },
    async pauseContainer(id) {
      const c = containers.get(id);
      if (c.state.status !== "running" || c.pausedWithMs !== undefined) throw conflict(`Container ${c.state.name} is not running, or already paused.`);
      // Its run time stands still while it is frozen.
      c.pausedWithMs = c.runEndsAt === undefined ? Infinity : c.runEndsAt - clock.now();
      for (const cancel of c.cancelTimers.splice(0)) cancel();
    },
    async unpauseContainer(id) {
      const c = containers.get(id);
      const left = c.pausedWithMs;
      if (c.state.status !== "running" || left === undefined) throw conflict(`Container ${c.state.name} is not paused.`);
      delete c.pausedWithMs;
      if (left !== Infinity) {
        c.runEndsAt = clock.now() + left;
        timer(c, left, () => finish(c, c.spec.simulate?.exitCode ?? 0, false));
      }
    },
    async exec(id): Promise<ExecResult> {
      containers.get(id);
      throw new MinicloudError("UnsupportedOperation", "exec runs a real command, and the simulated engine runs nothing; use the process or docker engine.");
    },
    async hostAddress() {
      return "127.0.0.1";
    },
    async shutdown() {
      for (const c of containers.all()) await engine.removeContainer(c.state.id, { force: true });
      networks.clear();
    },
  };
  return engine;
}
