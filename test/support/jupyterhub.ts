// A JupyterHub run for one test: the deployed configuration loaded as a site would load it, plus what a
// test needs (loopback ports, state in a temp folder, a service whose token drives the REST API).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firstFreePort } from "../../cli/free-port.js";
import { http, type Answer } from "./http.js";
import { until } from "./waiting.js";

/** A running hub. */
export interface Hub {
  /** The public URL, ending in "/". */
  url: string;
  /** The service token: admin of users and servers, and allowed into every user's server. */
  token: string;
  /** A call to the hub's REST API (`path` after /hub/api/). */
  api(path: string, method?: string, body?: unknown): Promise<Answer>;
  /** Adds the user to the hub, starts their server and waits until it is ready; returns its URL. */
  startServer(user: string): Promise<string>;
  /** What the hub has written to stdout and stderr so far. */
  log(): string;
  /** Stops the hub, which stops the users' servers and its proxy; removes its state. */
  stop(): Promise<void>;
}

async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  let from = 20_000 + Math.floor(Math.random() * 20_000);
  while (ports.length < count) {
    const port = await firstFreePort(from);
    ports.push(port);
    from = port + 1;
  }
  return ports;
}

function siteConfig(deployed: string, state: string, token: string, [publicPort, hubPort, proxyApiPort]: number[]): string {
  const py = (text: string): string => JSON.stringify(text);
  return [
    `load_subconfig(${py(deployed)})`,
    `c.JupyterHub.bind_url = "http://127.0.0.1:${publicPort}/"`,
    `c.JupyterHub.hub_bind_url = "http://127.0.0.1:${hubPort}"`,
    `c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${proxyApiPort}"`,
    `c.JupyterHub.db_url = ${py(`sqlite:///${join(state, "jupyterhub.sqlite")}`)}`,
    `c.JupyterHub.cookie_secret_file = ${py(join(state, "cookie_secret"))}`,
    `c.ConfigurableHTTPProxy.pid_file = ${py(join(state, "proxy.pid"))}`,
    `c.JupyterHub.services = [{"name": "course-check", "api_token": ${py(token)}}]`,
    `c.JupyterHub.load_roles = [{"name": "course-check", "scopes": ["admin:users", "admin:servers", "access:servers"], "services": ["course-check"]}]`,
    "",
  ].join("\n");
}

/** Starts `jupyterhub` with the deployed configuration file and waits until its API answers. */
export async function startHub(deployedConfig: string): Promise<Hub> {
  const state = mkdtempSync(join(tmpdir(), "minicloud-hub-test-"));
  const token = randomBytes(24).toString("hex");
  const ports = await freePorts(3);
  const configFile = join(state, "jupyterhub_config.py");
  writeFileSync(configFile, siteConfig(deployedConfig, state, token, ports));
  const url = `http://127.0.0.1:${ports[0]}/`;
  let output = "";
  const child: ChildProcess = spawn("jupyterhub", ["-f", configFile], { cwd: state, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const api: Hub["api"] = (path, method = "GET", body) =>
    http(`${url}hub/api/${path}`, {
      method,
      headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(state, { recursive: true, force: true });
  };

  try {
    await until(async () => ((await api("")).status === 200 ? true : undefined), 60_000, 250);
  } catch {
    await stop();
    throw new Error(`JupyterHub did not answer within 60 s; its log:\n${output}`);
  }
  return {
    url,
    token,
    api,
    log: () => output,
    stop,
    async startServer(user) {
      const added = await api(`users/${user}`, "POST");
      if (added.status !== 201) throw new Error(`adding ${user} to the hub: HTTP ${added.status} ${added.text}`);
      const started = await api(`users/${user}/server`, "POST");
      if (started.status !== 201 && started.status !== 202) throw new Error(`starting ${user}'s server: HTTP ${started.status} ${started.text}\n${output}`);
      await until(async () => {
        const model = (await api(`users/${user}`)).json<{ servers?: Record<string, { ready: boolean }> }>();
        return model.servers?.[""]?.ready ? true : undefined;
      }, 90_000, 250).catch(() => {
        throw new Error(`${user}'s server was not ready within 90 s; the hub's log:\n${output}`);
      });
      return `${url}user/${user}/`;
    },
  };
}
