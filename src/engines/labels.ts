/** The label on every container and network a session creates; its value is the session id. */
export const SESSION_LABEL = "minicloud.session";

/** The labels to put on an object a session creates: the caller's, plus the session's own. */
export function sessionLabels(sessionId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [SESSION_LABEL]: sessionId };
}
