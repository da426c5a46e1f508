import { randomBytes } from "node:crypto";

// Container processes lead their own process groups (so a stop reaches a shell's children too);
// if the host process exits without shutting down, it takes them along rather than leaking them.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Remembers a container's process group, to kill it if this process exits without shutting down. */
export function guardAgainstLeaks(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const group of liveGroups) signalGroup(group, "SIGKILL");
  });
}

/** Forgets a process group that has ended. */
export function releaseGroup(pid: number): void {
  liveGroups.delete(pid);
}

/** Sends a signal to a whole process group; a group that is gone already is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** A loopback address of the container's own (Linux routes all of 127.0.0.0/8 to the loopback device). */
export function ownAddress(): string {
  const b = randomBytes(3);
  return `127.${77 + (b[0]! % 100)}.${b[1]!}.${1 + (b[2]! % 254)}`;
}
