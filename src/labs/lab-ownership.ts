// How the things a lab makes are known to be that lab's, of that student: sessions by their record
// (`lab` and `home`), images by two labels. `minicloud lab reset` finds them this way, and nothing else.
import { resolve } from "node:path";
import { endSessions, type EndedSessions, type EndSessionsOptions } from "../engines/end-sessions.js";

/** The label naming the lab that built an image. */
export const LAB_LABEL = "minicloud.lab";
/** The label naming the minicloud home (the student) an image was built for. */
export const LAB_HOME_LABEL = "minicloud.lab-home";

/** The labels a lab's images carry, so that a reset removes exactly this student's images of this lab. */
export function labImageLabels(lab: string, home: string): Record<string, string> {
  return { [LAB_LABEL]: lab, [LAB_HOME_LABEL]: resolve(home) };
}

/**
 * A tag for one of a lab's images that no other student's build overwrites on a shared Docker engine:
 * `capstone-worker:<student>`.
 */
export function labImageTag(repository: string, student: string): string {
  const tag = student.replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^[.-]/, "_").slice(0, 128) || "student";
  return `${repository}:${tag}`;
}

/** Ends every session of the lab started from this home — the owner's own, if it still runs, shuts down when asked. */
export function endLabSessions(lab: string, home: string, options: EndSessionsOptions = {}): Promise<EndedSessions> {
  const target = resolve(home);
  return endSessions((record) => record.lab === lab && record.home !== undefined && resolve(record.home) === target, options);
}
