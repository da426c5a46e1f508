import { lstatSync } from "node:fs";

// On a machine shared by several users (a JupyterHub for a class), what a session leaves behind belongs
// to the user who ran it: clean-up decides by the operating system's owner of a record, folder or
// process, which no other user can forge, and never by what a file says about itself.

/** The user id minicloud acts for; undefined where the system has none (Windows): there everything is the caller's. */
export function callerUid(): number | undefined {
  return process.getuid?.();
}

/** True when `uid` is the caller's, or when the system has no user ids. */
export function isCallers(uid: number | undefined): boolean {
  const me = callerUid();
  return me === undefined || uid === me;
}

/** The user id that owns a file, folder or `/proc/<pid>` entry (a link's own owner, not its target's); undefined when it is gone. */
export function ownerUid(path: string): number | undefined {
  try {
    return lstatSync(path).uid;
  } catch {
    return undefined;
  }
}
