import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isMinicloudError } from "../core/errors.js";
import { baseImageConfig } from "./image-config.js";
import type { ContainerEngine, ImageInfo } from "./types.js";

/** The base image's tags: `minicloud/node:<major of the host's Node.js>` and `:latest`. */
export function baseImageTags(nodeVersion: string = process.versions.node): [string, string] {
  return [`minicloud/node:${nodeVersion.split(".")[0]}`, "minicloud/node:latest"];
}

/** The shared libraries a program loads, from `ldd` (absolute paths, the loader included). */
export function sharedLibraries(program: string): string[] {
  const out = execFileSync("ldd", [program], { encoding: "utf8" });
  const libs = new Set<string>();
  for (const line of out.split("\n")) {
    const match = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (match?.[1]) libs.add(match[1]);
  }
  return [...libs];
}

function copyAt(rootfs: string, hostPath: string, mode?: number): void {
  const target = join(rootfs, hostPath);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(realpathSync(hostPath), target);
  if (mode !== undefined) chmodSync(target, mode);
}

/**
 * Writes a minimal root filesystem for the Docker base image, with no registry: the host's own
 * `node` binary as /usr/local/bin/node, a `/bin/sh` for shell-form commands, the shared libraries
 * both load, and the few files programs expect (/etc/passwd, /tmp).
 */
export function writeBaseRootfs(rootfs: string): void {
  const node = join(rootfs, "usr", "local", "bin", "node");
  mkdirSync(dirname(node), { recursive: true });
  copyFileSync(realpathSync(process.execPath), node);
  chmodSync(node, 0o755);
  copyAt(rootfs, "/bin/sh", 0o755);
  for (const lib of new Set([...sharedLibraries(process.execPath), ...sharedLibraries("/bin/sh")])) copyAt(rootfs, lib);
  mkdirSync(join(rootfs, "etc"), { recursive: true });
  writeFileSync(join(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n");
  writeFileSync(join(rootfs, "etc", "group"), "root:x:0:\nnogroup:x:65534:\n");
  for (const dir of ["tmp", "root", "app"]) mkdirSync(join(rootfs, dir), { recursive: true });
  chmodSync(join(rootfs, "tmp"), 0o1777);
}

/**
 * Makes sure the engine has `minicloud/node`, building it offline when it is missing; returns it and
 * whether it was built now. The process and simulated engines always have it (their `node` is the host's).
 */
export async function ensureBaseImage(engine: ContainerEngine): Promise<{ image: ImageInfo; built: boolean }> {
  const [versioned, latest] = baseImageTags();
  try {
    return { image: await engine.inspectImage(versioned), built: false };
  } catch (error) {
    if (!isMinicloudError(error, "ImageNotFound")) throw error;
  }
  const rootfs = mkdtempSync(join(tmpdir(), "minicloud-rootfs-"));
  try {
    writeBaseRootfs(rootfs);
    await engine.importImage({ rootfs, tag: versioned, config: baseImageConfig() });
    return { image: await engine.tagImage(versioned, latest), built: true };
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}
