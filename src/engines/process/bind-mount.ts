import { existsSync, mkdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { MinicloudError } from "../../core/errors.js";
import type { Mount } from "../types.js";

/**
 * Shows a host folder inside a process-engine container: a symlink at the target in the container's
 * files, so the program finds the folder's files where a bind mount would put them. What is already at
 * the target is hidden (removed from this container's copy), as a mount hides it. Nothing stops the
 * program from writing through it: the process engine isolates nothing, read-only included.
 */
export function linkMount(rootfs: string, mount: Mount, field: string): void {
  if (!existsSync(mount.source) || !statSync(mount.source).isDirectory()) {
    throw new MinicloudError("InvalidParameterValueException", `${field}.source: ${mount.source} is not a folder on this machine.`, { field: `${field}.source` });
  }
  const target = join(rootfs, mount.target);
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  symlinkSync(mount.source, target, "dir");
}
