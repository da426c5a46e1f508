import { randomBytes } from "node:crypto";

/** A new session id: 12 hex digits, the value of the `minicloud.session` label on everything a session creates. */
export function newSessionId(): string {
  return randomBytes(6).toString("hex");
}
