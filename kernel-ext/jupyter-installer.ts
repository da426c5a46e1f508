import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { packageRoot } from "minicloud";
import { projectVenvPython, pythonCandidates } from "./jupyter-finder.js";

/** One way to install Jupyter on this machine, as the commands it would run. */
export interface JupyterInstallRoute {
  name: "pip" | "apt";
  /** What it does, in a sentence a learner can approve. */
  description: string;
  commands: string[][];
}

/** The packages each route installs: a frontend, plus what executes notebooks from the command line. */
const PIP_PACKAGES = ["jupyterlab", "nbconvert", "nbclient", "jupyter_client"];
const APT_PACKAGES = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "jupyter-client"];

/** The commands to print when no route works, so the learner can do it by hand. */
export function manualJupyterInstructions(): string {
  return [
    "Install Jupyter, then run `npm start` again. On Debian or Ubuntu:",
    `  sudo apt-get install -y ${APT_PACKAGES.join(" ")}`,
    "Anywhere Python's package index is reachable:",
    `  python3 -m pip install --user ${PIP_PACKAGES.join(" ")}`,
  ].join("\n");
}

function succeeds(command: string, args: string[], timeoutMs: number): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return succeeds("sh", ["-c", `command -v ${command}`], 5_000);
}

function pipRoute(root: string): JupyterInstallRoute | undefined {
  const base = pythonCandidates(root).find((p) => p !== projectVenvPython(root) && succeeds(p, ["-c", "import venv, ensurepip"], 10_000));
  if (base === undefined) return undefined;
  // A refused index answers at once; a slow one gets a few seconds before we try the next route.
  if (!succeeds(base, ["-m", "pip", "index", "versions", "jupyterlab", "--timeout", "5", "--retries", "0"], 20_000)) return undefined;
  const venvPython = projectVenvPython(root);
  const commands = existsSync(venvPython) ? [] : [[base, "-m", "venv", `${root}/.venv`]];
  // Few retries: an index that answers for one package can still lack the others (a partial mirror).
  commands.push([venvPython, "-m", "pip", "install", "--quiet", "--retries", "1", "--timeout", "15", ...PIP_PACKAGES]);
  return {
    name: "pip",
    description: `install JupyterLab with pip into the project's own virtual environment (${root}/.venv)`,
    commands,
  };
}

function aptRoute(): JupyterInstallRoute | undefined {
  if (!onPath("apt-get")) return undefined;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot && !succeeds("sudo", ["-n", "true"], 5_000)) return undefined;
  const sudo = isRoot ? [] : ["sudo", "-n"];
  return {
    name: "apt",
    description: `install Debian's Jupyter packages (${APT_PACKAGES.join(", ")}) with apt-get`,
    commands: [
      [...sudo, "apt-get", "update", "-qq"],
      [...sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", ...APT_PACKAGES],
    ],
  };
}

/**
 * The ways to install Jupyter that look possible here, best first: pip into a project venv where the
 * index answers, then apt. A route can still fail when run (an index missing some packages), so
 * callers try the next one.
 */
export function planJupyterInstall(root: string = packageRoot()): JupyterInstallRoute[] {
  return [pipRoute(root), aptRoute()].filter((route): route is JupyterInstallRoute => route !== undefined);
}

/** Runs a route's commands with their output shown; throws naming the command that failed. */
export function runJupyterInstall(route: JupyterInstallRoute): void {
  for (const [command, ...args] of route.commands) {
    if (command === undefined) continue;
    console.log(`$ ${[command, ...args].join(" ")}`);
    const result = spawnSync(command, args, { stdio: "inherit" });
    if (result.status !== 0) {
      throw new Error(`\`${[command, ...args].join(" ")}\` failed (exit ${result.status ?? result.signal}).`);
    }
  }
}
