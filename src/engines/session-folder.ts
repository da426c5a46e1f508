import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A session folder's name, `minicloud-<session id>`; the group is the session id. */
export const SESSION_FOLDER_NAME = /^minicloud-([0-9a-f]{12})$/;

/** The folder of files a session keeps (its containers' copies of their images, S3's objects). */
export function sessionFolder(sessionId: string): string {
  return join(tmpdir(), `minicloud-${sessionId}`);
}

/**
 * Makes a session's folder, or a folder inside it, readable by its owner only: on a machine shared by
 * a class, one learner must not read another's function code or objects.
 */
export function makeSessionFolder(sessionId: string, ...inside: string[]): string {
  const folder = join(sessionFolder(sessionId), ...inside);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}
