import type { EngineName } from "./engine-choice.js";

/** A published port: traffic to `hostPort` on `hostIp` (127.0.0.1 by default) reaches `containerPort` inside the container. */
export interface PortMapping {
  containerPort: number;
  /** 0 or absent: the engine picks a free port (see the container's state for which). */
  hostPort?: number;
  /**
   * A loopback address to publish on, e.g. `127.0.3.1` (Linux routes all of 127.0.0.0/8 to the host),
   * so that several ECS container instances on one machine can each own port 8080; or `0.0.0.0` on a
   * Docker host reached over the network. Default 127.0.0.1.
   */
  hostIp?: string;
}

/** What to run: the engine-neutral form of `docker create`. */
export interface ContainerSpec {
  /** Image reference, e.g. `minicloud/node:20` or `hello-service:v1` (`:latest` when no tag). */
  image: string;
  /** A name unique in the session; the engine makes one up when absent. Peers on a network reach it by this name. */
  name?: string;
  /** Replaces the image's CMD. */
  command?: string[];
  /** Replaces the image's ENTRYPOINT. */
  entrypoint?: string[];
  /** Added to (and overriding) the image's environment. */
  env?: Record<string, string>;
  /** Replaces the image's WORKDIR. */
  workingDir?: string;
  ports?: PortMapping[];
  /** Hard memory limit in MiB: above it the container is killed (exit 137, `oomKilled`). */
  memoryMiB?: number;
  /** CPU limit in cores, e.g. 0.5. */
  cpus?: number;
  /** Extra labels; `minicloud.session` is always added. */
  labels?: Record<string, string>;
  /** A network made with `createNetwork`: containers on it reach each other by name. */
  network?: string;
  /** More names for this container on its network. */
  aliases?: string[];
  /** Host folders shown inside the container, as `docker run -v source:target:ro` does. */
  mounts?: Mount[];
  /** Simulated engine only: how the container behaves, since nothing really runs. */
  simulate?: SimulatedBehaviour;
}

/** A host folder shown at a path inside a container (a bind mount). */
export interface Mount {
  /** An absolute path on the machine the engine runs on. */
  source: string;
  /** An absolute path inside the container. */
  target: string;
  /** The container cannot change the files (Docker enforces it; the process engine has no isolation to). */
  readOnly?: boolean;
}

/** How a container behaves on the simulated engine. */
export interface SimulatedBehaviour {
  /** How long it runs before exiting by itself; absent = until stopped. */
  runMs?: number;
  /** Exit code when it exits by itself (default 0). */
  exitCode?: number;
  /** Memory it uses; above the limit it is killed as soon as it starts. */
  memoryMiB?: number;
  /** True when it ignores SIGTERM, so a stop waits out the grace period and kills it. */
  ignoresSigterm?: boolean;
  /** Lines it prints when it starts. */
  output?: string[];
}

/** The lifecycle of a container, in Docker's words. */
export type ContainerStatus = "created" | "running" | "exited";

/** A published port as it ended up. */
export interface PublishedPort {
  containerPort: number;
  hostPort: number;
  hostIp: string;
}

/** What `inspect` tells about a container. */
export interface ContainerState {
  id: string;
  name: string;
  image: string;
  status: ContainerStatus;
  /** Set once it has exited: 137 after SIGKILL or an out-of-memory kill, 143 after SIGTERM. */
  exitCode: number | null;
  /** True when the memory limit killed it. */
  oomKilled: boolean;
  /** Epoch ms. */
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  ports: PublishedPort[];
  labels: Record<string, string>;
  network: string | null;
}

/** How a container ended. */
export interface ExitStatus {
  exitCode: number;
  oomKilled: boolean;
}

/** One line a container printed. */
export interface LogLine {
  /** Epoch ms when the engine saw it. */
  time: number;
  stream: "stdout" | "stderr";
  text: string;
}

/** A container's resource use right now. */
export interface ContainerStats {
  memoryBytes: number;
  memoryLimitBytes: number | null;
  /** Share of one core over the last interval, in percent (200 = two cores busy). */
  cpuPercent: number;
}

/** The result of running a command in a running container. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The run settings an image carries (the `config` of `docker image inspect`). */
export interface ImageConfig {
  env: Record<string, string>;
  cmd: string[] | null;
  entrypoint: string[] | null;
  workingDir: string;
  exposedPorts: number[];
  labels: Record<string, string>;
}

/** An image the engine holds. */
export interface ImageInfo {
  id: string;
  tags: string[];
  /** Epoch ms. */
  createdAt: number;
  sizeBytes: number;
  config: ImageConfig;
}

/** A private network that containers can share. */
export interface NetworkInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** Options for building an image from a folder with a Dockerfile. */
export interface BuildOptions {
  /** The build context: the folder COPY reads from. */
  context: string;
  /** The tag to give the image, e.g. `hello-service:v1`. */
  tag: string;
  /** The Dockerfile's path relative to the context (default `Dockerfile`). */
  dockerfile?: string;
  /** Labels to add to the image. */
  labels?: Record<string, string>;
}

/** Options for importing a root filesystem as an image. */
export interface ImportOptions {
  /** A folder holding the image's files. */
  rootfs: string;
  tag: string;
  config?: Partial<ImageConfig>;
}

/**
 * One interface, three engines (`docker`, `process`, `simulated`): Lambda and ECS run containers through
 * this and never know which engine is underneath. Every container and network an engine creates
 * carries the label `minicloud.session=<sessionId>`, and `shutdown()` removes them all.
 */
export interface ContainerEngine {
  readonly name: EngineName;
  readonly sessionId: string;

  buildImage(options: BuildOptions): Promise<ImageInfo>;
  importImage(options: ImportOptions): Promise<ImageInfo>;
  listImages(): Promise<ImageInfo[]>;
  /** Throws `ImageNotFound` naming the image and how to build it. */
  inspectImage(ref: string): Promise<ImageInfo>;
  removeImage(ref: string): Promise<void>;
  /** Gives an image another name, as `docker tag` does. */
  tagImage(ref: string, tag: string): Promise<ImageInfo>;

  createNetwork(name: string): Promise<NetworkInfo>;
  removeNetwork(name: string): Promise<void>;

  createContainer(spec: ContainerSpec): Promise<ContainerState>;
  startContainer(id: string): Promise<ContainerState>;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs` (default 10 s, as `docker stop`). */
  stopContainer(id: string, graceMs?: number): Promise<ContainerState>;
  killContainer(id: string, signal?: NodeJS.Signals): Promise<void>;
  /** Resolves when the container has exited. */
  waitContainer(id: string): Promise<ExitStatus>;
  /** Removes a container; a running one only with `force` (it is killed first). */
  removeContainer(id: string, options?: { force?: boolean }): Promise<void>;
  inspectContainer(id: string): Promise<ContainerState>;
  /** The containers of this session. */
  listContainers(): Promise<ContainerState[]>;
  /** Everything printed so far. */
  logs(id: string): Promise<LogLine[]>;
  /** Everything printed so far, then each new line as it comes, until the container exits. */
  followLogs(id: string): AsyncIterable<LogLine>;
  stats(id: string): Promise<ContainerStats>;
  /**
   * The most memory the container has held since it started, in bytes, as the kernel counts it (the
   * container's cgroup on Docker, the processes' peak resident size on the process engine); cheap
   * enough to read after every Lambda invocation.
   */
  peakMemoryBytes(id: string): Promise<number>;
  /** Freezes every process of a running container (`docker pause`): it uses no CPU and its timers stand still. */
  pauseContainer(id: string): Promise<void>;
  /** Lets a paused container run again (`docker unpause`). */
  unpauseContainer(id: string): Promise<void>;
  exec(id: string, command: string[]): Promise<ExecResult>;

  /** The address at which a container reaches a server this process runs (e.g. the Lambda Runtime API). */
  hostAddress(): Promise<string>;
  /** The CPUs and memory of the machine the engine runs on (Docker engines tell; others need not). */
  hostResources?(): Promise<{ cpus: number; memoryBytes: number }>;

  /** Removes every container and network of this session. Images stay: they are a cache shared by sessions. */
  shutdown(): Promise<void>;
}
