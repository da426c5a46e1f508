// Throwaway local users, for tests of what one user of a shared machine can do to another's sessions.
// They change the machine's user database, so such tests run only in CI (as root), never by accident.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownerUid } from "../../src/engines/ownership.js";
import { sessionsDir } from "../../src/engines/session-records.js";
import { inCI } from "./requirements.js";

/** A local user made for one test. */
export interface LocalUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Whether tests that create local users run: in CI as root; elsewhere they skip, saying why. */
export function localUsersRequirement(): { skip: boolean; reason: string } {
  const root = process.getuid?.() === 0;
  if (inCI && !root) throw new Error("CI=true but the tests are not running as root; .ci/run runs them as root, as they create local users.");
  if (inCI) return { skip: false, reason: "" };
  return { skip: true, reason: `(creates throwaway local users: runs only in CI, as root${root ? "" : "; this is not root"})` };
}

/** Creates a user with a home of its own (Debian's defaults otherwise: a home others may list). */
export function createLocalUser(): LocalUser {
  const name = `mc${randomBytes(5).toString("hex")}`;
  execFileSync("useradd", ["--create-home", "--user-group", "--shell", "/bin/sh", name], { stdio: "pipe" });
  const [uid, gid, home] = execFileSync("sh", ["-c", `printf '%s %s %s' "$(id -u ${name})" "$(id -g ${name})" ~${name}`], { encoding: "utf8" }).split(" ");
  return { name, uid: Number(uid), gid: Number(gid), home: home! };
}

/** The pids of the processes a user runs now (not those that have ended and wait to be reaped). */
export function processesOfUser(uid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The state follows the command name in parentheses, which may itself hold spaces.
        const state = readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /s, "")[0];
        return statSync(`/proc/${entry}`).uid === uid && state !== "Z";
      } catch {
        return false;
      }
    })
    .map(Number);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "(gone)";
  }
}

/** What the user owns at the top of the temp folder and in minicloud's records folder (session folders, records). */
function filesOfUser(uid: number): string[] {
  const places = [tmpdir(), sessionsDir()].filter((dir) => existsSync(dir));
  return places.flatMap((dir) => readdirSync(dir).map((name) => join(dir, name))).filter((path) => ownerUid(path) === uid);
}

/**
 * Deletes a user and its home. What it still runs, and what it left in the temp folder, came from the
 * test that made it: processes are killed one by one (by pid), files removed, and both described
 * ("pid: command line", paths) so that the test can fail on what was left behind.
 */
export async function deleteLocalUser(user: LocalUser): Promise<string[]> {
  const pids = processesOfUser(user.uid);
  const files = filesOfUser(user.uid);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  for (const file of files) rmSync(file, { recursive: true, force: true });
  const left = [...pids.map((pid) => `process ${pid}: ${commandLine(pid)}`), ...files];
  // userdel refuses while the user has processes, and SIGKILL takes a moment to land.
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync("userdel", ["--remove", user.name], { stdio: "pipe" });
      return left;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The environment a user's process gets: its own home and nothing of the test run's (its MINICLOUD_HOME is root's). */
export function userEnv(user: LocalUser, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: user.home, USER: user.name, LOGNAME: user.name, ...extra };
}

/** Starts a program as the user (no supplementary groups: Node drops them when it switches user). */
export function spawnAs(user: LocalUser, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { cwd: user.home, env: userEnv(user), ...options, uid: user.uid, gid: user.gid });
}
