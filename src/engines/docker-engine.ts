import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { createRealClock, type Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import { minicloudHome } from "../core/home.js";
import { createDockerImages, wrapDockerError as wrap } from "./docker/docker-images.js";
import { peakMemoryFile, readMemoryCounter } from "./docker/cgroup-memory.js";
import { containerStats, type DockerStats } from "./docker/container-stats.js";
import { LogDemuxer } from "./docker/log-demux.js";
import { conflict, containerNotFound, networkNotFound, portInUse } from "./engine-errors.js";
import { normalizeImageRef } from "./image-ref.js";
import { ownerLabels, SESSION_LABEL, sessionLabels } from "./labels.js";
import { removeSessionRecord, writeSessionRecord } from "./session-records.js";
import { validateContainerSpec } from "./spec-validation.js";
import type {
  ContainerEngine,
  ContainerSpec,
  ContainerState,
  ContainerStatus,
  ExitStatus,
  LogLine,
  NetworkInfo,
} from "./types.js";
import { openPortProxy } from "./process/port-proxy.js";

/** Options for {@link createDockerEngine}. */
export interface DockerEngineOptions {
  sessionId: string;
  clock?: Clock;
  /** A dockerode client; default: `DOCKER_HOST` or the default socket. */
  docker?: Docker;
  /** Another Docker engine to talk to, as DOCKER_HOST writes it: `unix:///var/run/docker.sock` or `tcp://10.0.0.5:2375`. */
  dockerHost?: string;
  /** The lab the session belongs to, written in its session record. */
  lab?: string;
}

/** Dockerode's connection options for a DOCKER_HOST value. */
export function dockerConnection(dockerHost: string): { socketPath: string } | { host: string; port: number; protocol: "http" } {
  const unix = /^unix:\/\/(\/.+)$/.exec(dockerHost);
  if (unix?.[1]) return { socketPath: unix[1] };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(dockerHost);
  if (tcp?.[1]) return { host: tcp[1], port: Number(tcp[2] ?? 2375), protocol: "http" };
  throw new MinicloudError("InvalidParameterException", `dockerHost must look like unix:///var/run/docker.sock or tcp://HOST:2375; got ${JSON.stringify(dockerHost)}.`, { field: "dockerHost" });
}

const MIB = 1024 * 1024;

/** Docker refuses a pause or unpause in the wrong state with 409, or 500 and a message saying so. */
const stateError = (error: unknown): boolean =>
  (error as { statusCode?: number }).statusCode === 409 || /is (not|already) (paused|running)|is not running/.test((error as { json?: { message?: string } }).json?.message ?? "");

const STATUS: Record<string, ContainerStatus> = { created: "created", running: "running", paused: "running", restarting: "running" };

export function createDockerEngine(options: DockerEngineOptions): ContainerEngine {
  const { sessionId } = options;
  const clock = options.clock ?? createRealClock();
  let client: Docker | undefined = options.docker;
  const docker = async (): Promise<Docker> => {
    if (client === undefined) {
      const { default: Dockerode } = await import("dockerode");
      client = options.dockerHost === undefined ? new Dockerode() : new Dockerode(dockerConnection(options.dockerHost));
    }
    return client;
  };
  writeSessionRecord({ sessionId, ownerPid: process.pid, engine: "docker", startedAt: clock.now(), home: minicloudHome(), ...(options.lab !== undefined ? { lab: options.lab } : {}) });
  const networks = new Map<string, NetworkInfo>();
  const names = new Map<string, string>(); // our name → Docker id
  const scoped = (name: string): string => `mc-${sessionId}-${name}`;

  // Where each container's memory high-water mark is kept (null: not readable here, ask the API).
  const peakFiles = new Map<string, { file: string | null; last: number }>();

  const images = createDockerImages(docker);
  const image = images.inspectImage;

  const container = async (idOrName: string): Promise<Docker.Container> => {
    const d = await docker();
    const id = names.get(idOrName) ?? idOrName;
    try {
      const inspect = await d.getContainer(id).inspect();
      if (inspect.Config.Labels?.[SESSION_LABEL] !== sessionId) throw containerNotFound(idOrName);
      return d.getContainer(inspect.Id);
    } catch (error) {
      if (error instanceof MinicloudError) throw error;
      if ((error as { statusCode?: number }).statusCode === 404) throw containerNotFound(idOrName);
      throw wrap(error, `inspecting container ${idOrName}`);
    }
  };

  const toState = (inspect: Docker.ContainerInspectInfo): ContainerState => {
    const labels = inspect.Config.Labels ?? {};
    const ports = Object.entries(inspect.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]) =>
      (bindings ?? []).map((b) => ({ containerPort: Number(key.split("/")[0]), hostPort: Number(b.HostPort), hostIp: b.HostIp })),
    );
    const started = Date.parse(inspect.State.StartedAt);
    const finished = Date.parse(inspect.State.FinishedAt);
    const status = STATUS[inspect.State.Status] ?? "exited";
    const networkName = labels["minicloud.network"];
    return {
      id: inspect.Id,
      name: labels["minicloud.name"] ?? inspect.Name.replace(/^\//, ""),
      image: labels["minicloud.image"] ?? inspect.Config.Image,
      status,
      exitCode: status === "exited" ? inspect.State.ExitCode : null,
      oomKilled: inspect.State.OOMKilled,
      createdAt: Date.parse(inspect.Created),
      startedAt: started > 0 ? started : null,
      finishedAt: status === "exited" && finished > 0 ? finished : null,
      ports,
      labels: Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith("minicloud.") || k === SESSION_LABEL)),
      network: networkName ?? null,
    };
  };

  /** `docker pause` or `unpause`, with Docker's refusals in the wrong state turned into Conflict. */
  const pauseCall = async (id: string, action: "pause" | "unpause", refusal: string): Promise<void> => {
    const c = await container(id);
    try {
      await c[action]();
    } catch (error) {
      if (stateError(error)) throw conflict(`Container ${id} ${refusal}`);
      throw wrap(error, `${action === "pause" ? "pausing" : "unpausing"} container ${id}`);
    }
  };

  const inspectState = async (id: string): Promise<ContainerState> => toState(await (await container(id)).inspect());

  const waitExit = async (c: Docker.Container): Promise<ExitStatus> => {
    const result = (await c.wait()) as { StatusCode: number };
    const inspect = await c.inspect();
    return { exitCode: result.StatusCode, oomKilled: inspect.State.OOMKilled };
  };

  const engine: ContainerEngine = {
    name: "docker",
    sessionId,

    ...images,

    async createNetwork(name) {
      if (networks.has(name)) throw conflict(`A network named ${name} already exists in this session.`, "name");
      const d = await docker();
      const created = await d.createNetwork({ Name: scoped(name), Labels: sessionLabels(sessionId, { ...ownerLabels(), "minicloud.name": name }), CheckDuplicate: true });
      const network = { id: created.id, name, labels: sessionLabels(sessionId) };
      networks.set(name, network);
      return { ...network };
    },
    async removeNetwork(name) {
      const network = networks.get(name);
      if (!network) throw networkNotFound(name);
      try {
        await (await docker()).getNetwork(network.id).remove();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 403 || (error as { statusCode?: number }).statusCode === 409) {
          throw conflict(`Network ${name} still has containers; remove them first.`);
        }
        throw wrap(error, `removing network ${name}`);
      }
      networks.delete(name);
    },

    async createContainer(spec: ContainerSpec) {
      validateContainerSpec(spec);
      await image(spec.image);
      const d = await docker();
      const network = spec.network === undefined ? undefined : networks.get(spec.network);
      if (spec.network !== undefined && network === undefined) throw networkNotFound(spec.network);
      const name = spec.name ?? `minicloud-${Math.random().toString(16).slice(2, 14)}`;
      if (names.has(name)) throw conflict(`The container name "${name}" is already in use in this session; pick another name.`, "name");
      // Docker only finds a taken host port when the container starts; look first, for a clear error now.
      for (const [i, port] of (spec.ports ?? []).entries()) {
        if (port.hostPort) await (await openPortProxy(port.hostPort, { host: "127.0.0.1", port: 1 }, `ports[${i}].hostPort`, port.hostIp)).close();
      }
      const exposed = Object.fromEntries((spec.ports ?? []).map((p) => [`${p.containerPort}/tcp`, {}]));
      const bindings = Object.fromEntries(
        (spec.ports ?? []).map((p) => [`${p.containerPort}/tcp`, [{ HostIp: p.hostIp ?? "127.0.0.1", HostPort: p.hostPort ? String(p.hostPort) : "" }]]),
      );
      const labels = sessionLabels(sessionId, {
        ...spec.labels,
        ...ownerLabels(),
        "minicloud.name": name,
        "minicloud.image": normalizeImageRef(spec.image),
        ...(spec.network ? { "minicloud.network": spec.network } : {}),
      });
      try {
        const created = await d.createContainer({
          name: scoped(name),
          Image: normalizeImageRef(spec.image),
          ...(spec.command ? { Cmd: spec.command } : {}),
          ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
          Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
          ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
          Labels: labels,
          ExposedPorts: exposed,
          HostConfig: {
            // A small init as PID 1 (docker run --init) passes SIGTERM on to the program, which as
            // PID 1 itself would ignore it; the process engine behaves the same way.
            Init: true,
            PortBindings: bindings,
            ...(spec.mounts?.length ? { Binds: spec.mounts.map((m) => `${m.source}:${m.target}${m.readOnly ? ":ro" : ""}`) } : {}),
            ...(spec.memoryMiB ? { Memory: spec.memoryMiB * MIB, MemorySwap: spec.memoryMiB * MIB } : {}),
            ...(spec.cpus ? { NanoCpus: Math.round(spec.cpus * 1e9) } : {}),
            ...(network ? { NetworkMode: scoped(network.name) } : {}),
          },
          ...(network
            ? { NetworkingConfig: { EndpointsConfig: { [scoped(network.name)]: { Aliases: [name, ...(spec.aliases ?? [])] } } } }
            : {}),
        });
        names.set(name, created.id);
        return toState(await created.inspect());
      } catch (error) {
        throw wrap(error, `creating container ${name}`);
      }
    },
    async startContainer(id) {
      const c = await container(id);
      try {
        await c.start();
      } catch (error) {
        const message = (error as { json?: { message?: string } }).json?.message ?? "";
        const port = /0\.0\.0\.0:(\d+)|127\.0\.0\.1:(\d+)/.exec(message);
        if (/port is already allocated|address already in use/.test(message)) throw portInUse(Number(port?.[1] ?? port?.[2] ?? 0), "ports[].hostPort");
        if ((error as { statusCode?: number }).statusCode === 304) throw conflict(`Container ${id} is already running.`);
        throw wrap(error, `starting container ${id}`);
      }
      return inspectState(id);
    },
    async stopContainer(id, graceMs = 10_000) {
      const c = await container(id);
      if ((await c.inspect()).State.Running) {
        // Our own TERM-then-KILL, so the grace period can be shorter than Docker's one-second steps.
        await c.kill({ signal: "SIGTERM" }).catch(() => undefined);
        const timer = clock.setTimer(graceMs, () => void c.kill({ signal: "SIGKILL" }).catch(() => undefined));
        await c.wait();
        timer.cancel();
      }
      return inspectState(id);
    },
    async killContainer(id, signal = "SIGKILL") {
      const c = await container(id);
      try {
        await c.kill({ signal });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 409) throw conflict(`Container ${id} is not running.`);
        throw wrap(error, `killing container ${id}`);
      }
    },
    async waitContainer(id) {
      const c = await container(id);
      if ((await c.inspect()).State.Status === "created") throw conflict(`Container ${id} has not been started.`);
      return waitExit(c);
    },
    async removeContainer(id, removal = {}) {
      const c = await container(id);
      const inspect = await c.inspect();
      if (inspect.State.Running && !removal.force) throw conflict(`Container ${id} is running; stop it first or remove it with force.`);
      await c.remove({ force: true });
      names.delete(inspect.Config.Labels?.["minicloud.name"] ?? "");
      for (const key of [id, inspect.Id, inspect.Config.Labels?.["minicloud.name"] ?? ""]) peakFiles.delete(key);
    },
    inspectContainer: inspectState,
    async listContainers() {
      const d = await docker();
      const list = await d.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`] } });
      return Promise.all(list.map(async (c) => toState(await d.getContainer(c.Id).inspect())));
    },
    async logs(id) {
      const raw = (await (await container(id)).logs({ stdout: true, stderr: true, timestamps: true, follow: false })) as Buffer;
      const demux = new LogDemuxer();
      return [...demux.push(raw), ...demux.end()];
    },
    followLogs(id) {
      return (async function* (): AsyncGenerator<LogLine> {
        const stream = (await (await container(id)).logs({ stdout: true, stderr: true, timestamps: true, follow: true })) as NodeJS.ReadableStream;
        const demux = new LogDemuxer();
        for await (const chunk of stream as AsyncIterable<Buffer>) yield* demux.push(chunk);
        yield* demux.end();
      })();
    },
    async stats(id) {
      const c = await container(id);
      return containerStats((await c.stats({ stream: false })) as DockerStats, (await c.inspect()).HostConfig.Memory);
    },
    async peakMemoryBytes(id) {
      // Found once per container, then one small file read: cheap enough after every invocation.
      let known = peakFiles.get(id);
      if (known === undefined) {
        const inspect = await (await container(id)).inspect();
        known = { file: (inspect.State.Running ? await peakMemoryFile(inspect.State.Pid, inspect.Id) : undefined) ?? null, last: 0 };
        if (inspect.State.Running) peakFiles.set(id, known);
      }
      if (known.file !== null) {
        known.last = Math.max(known.last, readMemoryCounter(known.file) ?? 0);
        return known.last;
      }
      // The daemon is on another machine: the best left is the usage now.
      known.last = Math.max(known.last, (await engine.stats(id)).memoryBytes);
      return known.last;
    },
    pauseContainer: (id) => pauseCall(id, "pause", "is not running, or already paused."),
    unpauseContainer: (id) => pauseCall(id, "unpause", "is not paused."),
    async exec(id, command) {
      const c = await container(id);
      if (!(await c.inspect()).State.Running) throw conflict(`Container ${id} is not running.`);
      const d = await docker();
      const exec = await c.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: false });
      const out = new PassThrough();
      const err = new PassThrough();
      let stdout = "";
      let stderr = "";
      out.on("data", (b: Buffer) => (stdout += b.toString()));
      err.on("data", (b: Buffer) => (stderr += b.toString()));
      d.modem.demuxStream(stream, out, err);
      await new Promise((resolve) => stream.on("end", resolve));
      const inspect = await exec.inspect();
      return { exitCode: inspect.ExitCode ?? 0, stdout, stderr };
    },

    async hostResources() {
      const info = (await (await docker()).info()) as { NCPU?: number; MemTotal?: number };
      return { cpus: info.NCPU ?? 1, memoryBytes: info.MemTotal ?? 0 };
    },

    async hostAddress() {
      // Containers on Docker's default bridge reach the host at the bridge's gateway address.
      const bridge = (await (await docker()).getNetwork("bridge").inspect()) as { IPAM?: { Config?: { Gateway?: string }[] } };
      const gateway = bridge.IPAM?.Config?.find((c) => c.Gateway)?.Gateway;
      if (!gateway) throw new MinicloudError("DockerEngineError", "Docker's bridge network has no gateway address; containers cannot reach minicloud's servers.");
      return gateway;
    },

    async shutdown() {
      const d = await docker();
      const filters = { label: [`${SESSION_LABEL}=${sessionId}`] };
      for (const c of await d.listContainers({ all: true, filters })) await d.getContainer(c.Id).remove({ force: true });
      for (const n of await d.listNetworks({ filters })) await d.getNetwork(n.Id).remove();
      networks.clear();
      names.clear();
      removeSessionRecord(sessionId);
    },
  };
  return engine;
}
