import { homedir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Where minicloud keeps what outlives a session: the embedded engine's images (running sessions are
 * recorded machine-wide instead, see session-records.ts). `MINICLOUD_HOME` moves it (tests use a temp
 * folder); default `~/.minicloud`.
 */
export function minicloudHome(): string {
  const fromEnv = process.env["MINICLOUD_HOME"];
  // Absolute, so that a session's record names the same folder whoever reads it, from wherever.
  return fromEnv !== undefined && fromEnv !== "" ? resolve(fromEnv) : join(homedir(), ".minicloud");
}
