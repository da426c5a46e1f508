import { spawn } from "node:child_process";
import type { Readable } from "node:stream";

/** A tar archive of a folder's contents, streamed (for Docker's build context and image import). */
export function tarFolder(folder: string): Readable {
  const tar = spawn("tar", ["-C", folder, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
  return tar.stdout;
}
