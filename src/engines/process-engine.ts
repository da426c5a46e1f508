import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { constants } from "node:os";
import { join } from "node:path";
import { createRealClock, type Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import { minicloudHome } from "../core/home.js";
import { planBuild } from "./build-plan.js";
import { copyState, createdState } from "./container-snapshot.js";
import { ContainerRegistry } from "./container-registry.js";
import { NetworkRegistry } from "./network-registry.js";
import { conflict, imageNotFound } from "./engine-errors.js";
import { normalizeImageRef } from "./image-ref.js";
import { LogBuffer } from "./log-buffer.js";
import { linkMount } from "./process/bind-mount.js";
import { applyCopies } from "./process/copy-steps.js";
import { ImageStore } from "./process/image-store.js";
import { openPortProxy, type PortProxy } from "./process/port-proxy.js";
import { containerEnvironment, type ProcContainer } from "./process/proc-container.js";
import { peakMemoryOf, setPaused, statsOf } from "./process/proc-resources.js";
import { procPidOf, residentBytes } from "./process/proc-stats.js";
import { guardAgainstLeaks, ownAddress, releaseGroup, signalGroup } from "./process/process-groups.js";
import { containerArgv, resolveProgram } from "./process/program.js";
import { makeSessionFolder, sessionFolder } from "./session-folder.js";
import { recordedPid, removeSessionRecord, writeSessionRecord } from "./session-records.js";
import { validateContainerSpec } from "./spec-validation.js";
import type { ContainerEngine, ContainerState, ExecResult, ExitStatus, ImageInfo } from "./types.js";

/** Options for {@link createProcessEngine}. */
export interface ProcessEngineOptions {
  sessionId: string;
  clock?: Clock;
  /** Where images live (default: `minicloudHome()`). */
  home?: string;
  /** How often the memory limit is checked, in ms (default 50). */
  memoryCheckMs?: number;
  /** The lab the session belongs to, written in its session record. */
  lab?: string;
}

const MIB = 1024 * 1024;

/**
 * The process engine, minicloud's embedded default when no Docker engine answers: each container is
 * a child process in its own copy of the image's files, with its own environment, address and
 * hostname, published ports proxied from 127.0.0.1, a memory limit enforced by killing it (exit 137,
 * `oomKilled`), and its output captured. It runs Node.js images built `FROM minicloud/node`.
 */
export function createProcessEngine(options: ProcessEngineOptions): ContainerEngine {
  const { sessionId } = options;
  const clock = options.clock ?? createRealClock();
  const home = options.home ?? minicloudHome();
  const store = new ImageStore(home);
  store.ensureBaseImage();
  // The record first: when the machine's records folder is refused, nothing of the session is left behind.
  writeSessionRecord({ sessionId, ownerPid: recordedPid(), engine: "process", startedAt: clock.now(), home: minicloudHome(), ...(options.lab !== undefined ? { lab: options.lab } : {}) });
  const sessionDir = sessionFolder(sessionId);
  makeSessionFolder(sessionId, "networks");
  const containers = new ContainerRegistry<ProcContainer>();
  const networks = new NetworkRegistry(sessionId);
  const memoryCheckMs = options.memoryCheckMs ?? 50;

  const image = (ref: string): ImageInfo => {
    const found = store.find(ref);
    if (!found) throw imageNotFound(ref, "process");
    return found;
  };
  const snapshot = (c: ProcContainer): ContainerState => copyState(c.state);

  const onExit = (c: ProcContainer, code: number | null, signal: NodeJS.Signals | null): void => {
    if (c.memoryWatch) clearInterval(c.memoryWatch);
    if (c.child?.pid !== undefined) releaseGroup(c.child.pid);
    // Whatever the program left running in its group goes with it, as when a container's init exits.
    if (c.child?.pid !== undefined) signalGroup(c.child.pid, "SIGKILL");
    const exitCode = c.oomKilled ? 137 : (code ?? 128 + (signal ? constants.signals[signal] : 0));
    c.logs.close();
    c.state.status = "exited";
    c.state.exitCode = exitCode;
    c.state.oomKilled = c.oomKilled;
    c.state.finishedAt = clock.now();
    void Promise.all(c.proxies.splice(0).map((p) => p.close()));
    c.resolveExit({ exitCode, oomKilled: c.oomKilled });
  };

  const environment = (c: ProcContainer, isNode: boolean): NodeJS.ProcessEnv => containerEnvironment(c, sessionId, isNode);

  const running = (id: string): ProcContainer => {
    const c = containers.get(id);
    if (c.state.status !== "running" || c.child === undefined) throw conflict(`Container ${c.state.name} is not running.`);
    return c;
  };

  const engine: ContainerEngine = {
    name: "process",
    sessionId,

    async buildImage(build) {
      const plan = await planBuild(build, (ref) => image(ref).config);
      const base = image(plan.from);
      return store.add(build.tag, plan.config, (rootfs) => {
        store.copyInto(base, rootfs);
        applyCopies(build.context, rootfs, plan.copies);
      });
    },
    async importImage(imported) {
      const config = { ...image("minicloud/node:latest").config, env: {}, cmd: null, labels: {}, ...imported.config };
      return store.add(imported.tag, config, (rootfs) => cpSync(imported.rootfs, rootfs, { recursive: true }));
    },
    async listImages() {
      return store.list();
    },
    async inspectImage(ref) {
      return image(ref);
    },
    async removeImage(ref) {
      const found = image(ref);
      const user = containers.all().find((c) => c.image.id === found.id);
      if (user) throw conflict(`Image ${normalizeImageRef(ref)} is used by container ${user.state.name}; remove the container first.`);
      store.remove(ref);
    },

    async tagImage(ref, tag) {
      image(ref);
      store.tag(ref, tag);
      return image(tag);
    },

    async createNetwork(name) {
      const network = networks.create(name, randomBytes(32).toString("hex"));
      writeFileSync(join(sessionDir, "networks", `${name}.hosts`), "");
      return network;
    },
    async removeNetwork(name) {
      networks.remove(name, containers.all().map((c) => c.state));
      rmSync(join(sessionDir, "networks", `${name}.hosts`), { force: true });
    },

    async createContainer(spec) {
      validateContainerSpec(spec);
      const img = image(spec.image);
      const id = randomBytes(32).toString("hex");
      const name = spec.name ?? `minicloud-${id.slice(0, 12)}`;
      containers.claimName(name);
      if (spec.network !== undefined) networks.require(spec.network);
      const dir = join(sessionDir, "containers", id);
      const address = ownAddress();
      const proxies: PortProxy[] = [];
      try {
        for (const [i, port] of (spec.ports ?? []).entries()) {
          proxies.push(await openPortProxy(port.hostPort ?? 0, { host: address, port: port.containerPort }, `ports[${i}].hostPort`, port.hostIp));
        }
        const rootfs = join(dir, "rootfs");
        store.copyInto(img, rootfs);
        for (const folder of ["tmp", "root", (spec.workingDir ?? img.config.workingDir).slice(1)]) {
          mkdirSync(join(rootfs, folder), { recursive: true });
        }
        (spec.mounts ?? []).forEach((mount, i) => linkMount(rootfs, mount, `mounts[${i}]`));
        const hostsFile = spec.network !== undefined ? join(sessionDir, "networks", `${spec.network}.hosts`) : join(dir, "hosts");
        appendFileSync(hostsFile, `${address} ${[name, id.slice(0, 12), ...(spec.aliases ?? [])].join(" ")}\n`);
        let resolveExit!: (status: ExitStatus) => void;
        const exited = new Promise<ExitStatus>((resolve) => (resolveExit = resolve));
        const container: ProcContainer = {
          spec,
          image: img,
          dir,
          rootfs,
          address,
          hostsFile,
          logs: new LogBuffer(clock.now),
          proxies,
          child: undefined,
          exited,
          resolveExit,
          oomKilled: false,
          memoryWatch: undefined,
          procPid: undefined,
          cpuSample: undefined,
          paused: false,
          peakBytes: 0,
          peakTreeAt: 0,
          state: createdState({
            id,
            name,
            spec,
            sessionId,
            now: clock.now(),
            ports: proxies.map((p, i) => ({ containerPort: spec.ports![i]!.containerPort, hostPort: p.hostPort, hostIp: spec.ports![i]!.hostIp ?? "127.0.0.1" })),
          }),
        };
        containers.add(container);
        return snapshot(container);
      } catch (error) {
        // Nothing of a failed create is left behind.
        await Promise.all(proxies.map((p) => p.close()));
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    },

    async startContainer(id) {
      const c = containers.get(id);
      if (c.state.status !== "created") throw conflict(`Container ${c.state.name} is ${c.state.status}; only a created container can start.`);
      const program = resolveProgram(containerArgv(c.spec, c.image.config), c.rootfs, process.env["PATH"] ?? "");
      const child = spawn(program.file, program.args, {
        cwd: join(c.rootfs, c.spec.workingDir ?? c.image.config.workingDir),
        env: environment(c, program.isNode),
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      c.child = child;
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => c.logs.write("stdout", chunk));
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => c.logs.write("stderr", chunk));
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", (error) =>
          reject(new MinicloudError("ContainerStartFailed", `Could not start ${program.file}: ${error.message}`, { cause: error })),
        );
      });
      child.once("close", (code, signal) => onExit(c, code, signal));
      guardAgainstLeaks(child.pid!);
      c.procPid = procPidOf(child.pid!);
      c.state.status = "running";
      c.state.startedAt = clock.now();
      const procPid = c.procPid;
      if (c.spec.memoryMiB !== undefined && procPid !== undefined) {
        const limit = c.spec.memoryMiB * MIB;
        c.memoryWatch = setInterval(() => {
          if (residentBytes(procPid) > limit) {
            c.oomKilled = true;
            signalGroup(child.pid!, "SIGKILL");
          }
        }, memoryCheckMs);
      }
      return snapshot(c);
    },

    async stopContainer(id, graceMs = 10_000) {
      const c = containers.get(id);
      if (c.state.status === "running" && c.child?.pid !== undefined) {
        signalGroup(c.child.pid, "SIGTERM");
        // A frozen program sees the signal only once it runs again, as Docker unfreezes a paused container it stops.
        if (c.paused) signalGroup(c.child.pid, "SIGCONT");
        const timer = clock.setTimer(graceMs, () => signalGroup(c.child!.pid!, "SIGKILL"));
        await c.exited;
        timer.cancel();
      }
      return snapshot(c);
    },
    async killContainer(id, signal = "SIGKILL") {
      signalGroup(running(id).child!.pid!, signal);
    },
    async waitContainer(id) {
      const c = containers.get(id);
      if (c.state.status === "created") throw conflict(`Container ${c.state.name} has not been started.`);
      return c.exited;
    },
    async removeContainer(id, removal = {}) {
      const c = containers.get(id);
      if (c.state.status === "running") {
        if (!removal.force) throw conflict(`Container ${c.state.name} is running; stop it first or remove it with force.`);
        signalGroup(c.child!.pid!, "SIGKILL");
        await c.exited;
      }
      await Promise.all(c.proxies.splice(0).map((p) => p.close()));
      c.logs.close();
      containers.delete(c.state.id);
      // The files go in the background; shutdown removes the whole session folder in any case.
      void rm(c.dir, { recursive: true, force: true }).catch(() => undefined);
    },
    async inspectContainer(id) {
      return snapshot(containers.get(id));
    },
    async listContainers() {
      return containers.all().map(snapshot);
    },
    async logs(id) {
      return [...containers.get(id).logs.lines];
    },
    followLogs(id) {
      return containers.get(id).logs.follow();
    },
    async stats(id) {
      return statsOf(containers.get(id));
    },
    async peakMemoryBytes(id) {
      return peakMemoryOf(containers.get(id));
    },
    async pauseContainer(id) {
      setPaused(running(id), true);
    },
    async unpauseContainer(id) {
      setPaused(running(id), false);
    },
    async exec(id, command): Promise<ExecResult> {
      const c = running(id);
      const program = resolveProgram(command, c.rootfs, process.env["PATH"] ?? "");
      const child = spawn(program.file, program.args, {
        cwd: join(c.rootfs, c.spec.workingDir ?? c.image.config.workingDir),
        env: environment(c, program.isNode),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const exitCode = await new Promise<number>((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
      });
      return { exitCode, stdout, stderr };
    },

    async hostAddress() {
      // Containers are host processes; the host's loopback is theirs too.
      return "127.0.0.1";
    },

    async shutdown() {
      await Promise.all(containers.all().map((c) => engine.removeContainer(c.state.id, { force: true })));
      networks.clear();
      rmSync(sessionDir, { recursive: true, force: true });
      removeSessionRecord(sessionId);
    },
  };
  return engine;
}
