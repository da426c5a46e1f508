import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { packageRoot } from "minicloud";
import {
  findJupyter,
  installKernelspec,
  jupyterEnv,
  manualJupyterInstructions,
  planJupyterInstall,
  runJupyterInstall,
  type JupyterInstall,
} from "../kernel-ext/index.js";
import { confirm } from "./ask.js";
import { firstFreePort, waitForPort } from "./free-port.js";

/** Options of `minicloud start`. */
export interface StartOptions {
  yes: boolean;
  port?: number;
  openBrowser: boolean;
}

async function ensureJupyter(root: string, options: StartOptions): Promise<JupyterInstall | undefined> {
  const found = findJupyter("frontend", root);
  if (found) return found;
  console.log("Jupyter is not installed on this machine.");
  for (const route of planJupyterInstall(root)) {
    console.log(`minicloud can ${route.description}:`);
    for (const command of route.commands) console.log(`  ${command.join(" ")}`);
    if (!(await confirm("Go ahead?", options.yes))) break;
    try {
      runJupyterInstall(route);
    } catch (error) {
      console.error(`That did not work: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const installed = findJupyter("frontend", root);
    if (installed) return installed;
    console.error("The install finished but Jupyter still cannot be found.");
  }
  console.error(manualJupyterInstructions());
  return undefined;
}

function serverArgs(install: JupyterInstall, root: string, port: number, token: string, options: StartOptions): string[] {
  const lab = install.jupyterlab !== undefined;
  // The classic Notebook before 7 has its own server (NotebookApp); Lab and Notebook 7 run on jupyter_server.
  const classicServer = !lab && Number((install.notebook ?? "7").split(".")[0]) < 7;
  const app = classicServer ? "NotebookApp" : "ServerApp";
  const args = [
    "-m",
    lab ? "jupyterlab" : "notebook",
    `--${app}.ip=127.0.0.1`,
    `--${app}.port=${port}`,
    `--${app}.token=${token}`,
    `--${app}.${classicServer ? "notebook_dir" : "root_dir"}=${join(root, "notebooks")}`,
  ];
  if (!options.openBrowser) args.push("--no-browser");
  if (process.getuid?.() === 0) args.push("--allow-root");
  return args;
}

/** `minicloud start`: registers the kernel, installs Jupyter if needed, and serves `notebooks/`. */
export async function start(options: StartOptions): Promise<number> {
  const root = packageRoot();
  const kernel = installKernelspec(root);
  console.log(`Kernel "TypeScript (minicloud)" ${kernel.changed ? "registered" : "already registered"} in ${kernel.dir}`);

  const install = await ensureJupyter(root, options);
  if (install === undefined) return 1;

  const port = options.port ?? (await firstFreePort(8888));
  const token = randomBytes(24).toString("hex");
  const flavour = install.jupyterlab !== undefined ? `JupyterLab ${install.jupyterlab}` : `Notebook ${install.notebook ?? ""}`;
  console.log(`Starting ${flavour} (${install.python}) on notebooks/ ...`);
  const child = spawn(install.python, serverArgs(install, root, port, token, options), {
    cwd: root,
    env: jupyterEnv(root),
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));

  const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  const ready = await Promise.race([waitForPort(port, "127.0.0.1", 60_000), exited.then(() => false)]);
  if (ready) {
    console.log(`\n  minicloud workbook is running: http://127.0.0.1:${port}/?token=${token}\n  (Ctrl-C to stop)\n`);
  } else {
    console.error("Jupyter did not start; its messages are above.");
  }
  return await exited;
}
