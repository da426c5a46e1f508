import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot, VERSION } from "minicloud";

/** The kernelspec's name: notebooks ask for it in `metadata.kernelspec.name`. */
export const KERNEL_NAME = "minicloud";
/** What Jupyter shows in its kernel list. */
export const KERNEL_DISPLAY_NAME = "TypeScript (minicloud)";

/** A Jupyter kernelspec (`kernel.json`). */
export interface Kernelspec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal" | "message";
  env: Record<string, string>;
  metadata: { minicloud: { version: string; root: string } };
}

/** The project-local Jupyter data folder; Jupyter finds it through `JUPYTER_PATH`. Nothing is installed globally. */
export function jupyterDataDir(root: string = packageRoot()): string {
  return join(root, ".jupyter");
}

/** The folder holding the `minicloud` kernelspec. */
export function kernelspecDir(root: string = packageRoot()): string {
  return join(jupyterDataDir(root), "kernels", KERNEL_NAME);
}

/** The kernelspec this project needs: this Node binary running the project's launcher, which starts its tslab. */
export function desiredKernelspec(root: string = packageRoot()): Kernelspec {
  return {
    argv: [process.execPath, join(root, "dist", "kernel-ext", "launcher.js"), "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    env: {},
    metadata: { minicloud: { version: VERSION, root } },
  };
}

/** The installed kernelspec, or undefined when there is none or it cannot be read. */
export function readKernelspec(root: string = packageRoot()): Kernelspec | undefined {
  const file = join(kernelspecDir(root), "kernel.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Kernelspec;
  } catch {
    return undefined;
  }
}

/** Result of {@link installKernelspec}. */
export interface KernelspecInstall {
  /** The kernelspec folder. */
  dir: string;
  /** False when the same kernelspec was already there. */
  changed: boolean;
}

/** Writes the `minicloud` kernelspec into the project-local Jupyter folder. Idempotent. */
export function installKernelspec(root: string = packageRoot()): KernelspecInstall {
  const dir = kernelspecDir(root);
  const file = join(dir, "kernel.json");
  const text = JSON.stringify(desiredKernelspec(root), null, 2) + "\n";
  if (existsSync(file) && readFileSync(file, "utf8") === text) return { dir, changed: false };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  return { dir, changed: true };
}

/** True when the installed kernelspec is the one this project and this Node need. */
export function isKernelspecCurrent(root: string = packageRoot()): boolean {
  const installed = readKernelspec(root);
  return installed !== undefined && JSON.stringify(installed) === JSON.stringify(desiredKernelspec(root));
}

/** The environment to start Jupyter with so that it finds the project's kernelspec first. */
export function jupyterEnv(root: string = packageRoot(), base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const existing = base["JUPYTER_PATH"];
  const path = existing ? `${jupyterDataDir(root)}:${existing}` : jupyterDataDir(root);
  return { ...base, JUPYTER_PATH: path };
}
