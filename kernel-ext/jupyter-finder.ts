import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { packageRoot } from "minicloud";

/** The Jupyter parts a Python interpreter has, with their versions. */
export interface JupyterInstall {
  /** The interpreter they live under. */
  python: string;
  /** JupyterLab's version, when installed. */
  jupyterlab?: string;
  /** The classic Notebook's version, when installed. */
  notebook?: string;
  /** nbconvert's version (needed to execute notebooks from the command line and in tests). */
  nbconvert?: string;
  /** nbclient's version (what nbconvert executes notebooks with). */
  nbclient?: string;
  /** jupyter_client's version (kernel management). */
  jupyterClient?: string;
}

const PROBE = `
import importlib, json
found = {}
for name in ("jupyterlab", "notebook", "nbconvert", "nbclient", "jupyter_client"):
    try:
        found[name] = getattr(importlib.import_module(name), "__version__", "unknown")
    except Exception:
        pass
print(json.dumps(found))
`;

/** The project's own virtual environment, where `minicloud start` installs Jupyter with pip. */
export function projectVenvPython(root: string = packageRoot()): string {
  return join(root, ".venv", "bin", "python");
}

/**
 * Interpreters to look at, best first: the project's venv, then the system's `/usr/bin/python3`
 * (where Debian's Jupyter packages live), then every `python3` on PATH (which may be another
 * interpreter without Jupyter).
 */
export function pythonCandidates(root: string = packageRoot()): string[] {
  const fromPath = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, "python3"));
  const all = [projectVenvPython(root), "/usr/bin/python3", ...fromPath];
  return [...new Set(all)].filter((p) => existsSync(p));
}

/** What one interpreter has of Jupyter, or undefined when it cannot run. */
export function probePython(python: string): JupyterInstall | undefined {
  try {
    const out = execFileSync(python, ["-c", PROBE], { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "ignore"] });
    const found = JSON.parse(out) as Record<string, string>;
    const install: JupyterInstall = { python };
    if (found["jupyterlab"]) install.jupyterlab = found["jupyterlab"];
    if (found["notebook"]) install.notebook = found["notebook"];
    if (found["nbconvert"]) install.nbconvert = found["nbconvert"];
    if (found["nbclient"]) install.nbclient = found["nbclient"];
    if (found["jupyter_client"]) install.jupyterClient = found["jupyter_client"];
    return install;
  } catch {
    return undefined;
  }
}

/** What a caller needs of Jupyter: a frontend to open notebooks in, or nbconvert to execute them. */
export type JupyterNeed = "frontend" | "nbconvert";

function meets(install: JupyterInstall, need: JupyterNeed): boolean {
  return need === "frontend"
    ? install.jupyterlab !== undefined || install.notebook !== undefined
    : install.nbconvert !== undefined && install.nbclient !== undefined;
}

/**
 * A finder that asks each interpreter at most once, however many needs it is asked about (starting
 * Python to probe it is the slow part).
 */
export function createJupyterFinder(root: string = packageRoot()): (need: JupyterNeed) => JupyterInstall | undefined {
  const probed = new Map<string, JupyterInstall | undefined>();
  return (need) => {
    for (const python of pythonCandidates(root)) {
      if (!probed.has(python)) probed.set(python, probePython(python));
      const install = probed.get(python);
      if (install && meets(install, need)) return install;
    }
    return undefined;
  };
}

/** The first interpreter whose Jupyter meets the need, or undefined when none does. */
export function findJupyter(need: JupyterNeed = "frontend", root: string = packageRoot()): JupyterInstall | undefined {
  return createJupyterFinder(root)(need);
}
