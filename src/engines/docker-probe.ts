
/** What a quick look at the Docker engine found. */
export interface DockerProbe {
  /** True when an engine answered within the time allowed. */
  reachable: boolean;
  /** Where minicloud looked: `DOCKER_HOST`, or the default socket. */
  host: string;
  /** The engine's version, e.g. "20.10.24", when it answered. */
  version?: string;
  /** The engine API version it speaks, when it answered. */
  apiVersion?: string;
  /** Why it did not answer, when it did not. */
  reason?: string;
}

/** Options for {@link probeDocker}. */
export interface DockerProbeOptions {
  /** How long to wait for an answer; "auto" engine selection must stay quick. Default 1500 ms. */
  timeoutMs?: number;
}

/** Asks the Docker engine (`DOCKER_HOST` or the default socket) for its version, without ever throwing. */
export async function probeDocker(options: DockerProbeOptions = {}): Promise<DockerProbe> {
  const timeoutMs = options.timeoutMs ?? 1500;
  const host = process.env["DOCKER_HOST"] ?? "unix:///var/run/docker.sock";
  // dockerode takes longer to load than the rest of minicloud together: load it only when asked.
  const { default: Docker } = await import("dockerode");
  const docker = new Docker({ timeout: timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const info = await Promise.race([docker.version(), timeout]);
    return { reachable: true, host, version: info.Version, apiVersion: info.ApiVersion };
  } catch (error) {
    return { reachable: false, host, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
