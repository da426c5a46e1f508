import { callerUid } from "./ownership.js";

/** The label on every container and network a session creates; its value is the session id. */
export const SESSION_LABEL = "minicloud.session";

/**
 * The label on Docker containers and networks naming the user id of the session's owner, so clean-up
 * by one user of a shared engine never removes another's. A courtesy, not a wall: whoever may use the
 * Docker engine may remove anything on it.
 */
export const OWNER_LABEL = "minicloud.owner-uid";

/** The labels to put on an object a session creates: the caller's, plus the session's own. */
export function sessionLabels(sessionId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [SESSION_LABEL]: sessionId };
}

/** The owner label for objects on a Docker engine (none where the system has no user ids). */
export function ownerLabels(): Record<string, string> {
  const uid = callerUid();
  return uid === undefined ? {} : { [OWNER_LABEL]: String(uid) };
}
