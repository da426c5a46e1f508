import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { isLabName } from "../cloud.js";
import { minicloudHome } from "../core/home.js";
import { MinicloudError } from "../core/errors.js";
import { isCallers, ownerUid } from "../engines/ownership.js";
import { removeLabelledImages } from "../engines/remove-images.js";
import { accountName } from "./lab-homes.js";
import { labFolder, labsInHome, readCheckpointRecords } from "./checkpoint-records.js";
import { findLab } from "./lab-registry.js";
import { endLabSessions, labImageLabels } from "./lab-ownership.js";

/** Options for {@link resetLab}. */
export interface ResetLabOptions {
  /** The student's minicloud home (default: this user's, `MINICLOUD_HOME` or `~/.minicloud`). */
  home?: string;
  /** How long a running lab session gets to shut itself down (default 30 s). */
  timeoutMs?: number;
  /** Look on the Docker engine too (default: yes, when one answers). */
  docker?: boolean;
}

/** What {@link resetLab} removed. */
export interface LabResetReport {
  lab: string;
  home: string;
  /** The lab's sessions ended, by id; those still running shut themselves down. */
  sessions: string[];
  stoppedByOwner: string[];
  /** Sessions whose owner still runs but did not shut them down in time; restarting that kernel ends them. */
  unanswered: { sessionId: string; ownerPid: number }[];
  /** What was left of them, removed by force. */
  dockerContainers: number;
  processes: number;
  folders: number;
  /** The lab's images (tags). */
  images: string[];
  /** Checkpoint verifications forgotten. */
  checkpointRecords: number;
}

/**
 * Returns one student's lab to a clean state: ends the lab's sessions (their functions, queues, buckets,
 * services and containers go with them), removes the images the lab built for this student, and forgets
 * the student's checkpoints of that lab. Other labs, other students' homes and sessions that belong to
 * no lab (the course notebooks') are not touched.
 * @example await resetLab("capstone") // this user's capstone lab, as `minicloud lab reset capstone`
 */
export async function resetLab(lab: string, options: ResetLabOptions = {}): Promise<LabResetReport> {
  if (!isLabName(lab)) throw new MinicloudError("InvalidParameterValueException", `A lab's name is lowercase letters, digits and dashes, such as "capstone"; got ${JSON.stringify(lab)}.`, { field: "lab" });
  const home = resolve(options.home ?? minicloudHome());
  // A lab no one defined and the home has never seen is a typo: resetting it would quietly do nothing.
  if (findLab(lab) === undefined && !labsInHome(home).includes(lab)) {
    const there = labsInHome(home);
    throw new MinicloudError("ResourceNotFoundException", `No lab "${lab}" in ${home}; ${there.length > 0 ? `the labs there are: ${there.join(", ")}` : "it has no labs"}.`, { field: "lab" });
  }
  // A student's lab is ended as that student: their sessions' records, processes and files are theirs.
  const owner = ownerUid(home);
  if (owner !== undefined && !isCallers(owner)) {
    const name = accountName(owner) ?? `uid ${owner}`;
    throw new MinicloudError("AccessDeniedException", `${home} belongs to ${name}; reset their lab as them: sudo -u ${name} npx minicloud lab reset ${lab} --home ${home}`, { field: "home" });
  }
  const docker = options.docker !== undefined ? { docker: options.docker } : {};
  const ended = await endLabSessions(lab, home, { ...docker, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  const images = await removeLabelledImages(labImageLabels(lab, home), { home, ...docker });
  const checkpointRecords = readCheckpointRecords(home, lab).length;
  if (existsSync(labFolder(home, lab))) rmSync(labFolder(home, lab), { recursive: true, force: true });
  return {
    lab,
    home,
    sessions: ended.sessions,
    stoppedByOwner: ended.stoppedByOwner,
    unanswered: ended.unanswered,
    dockerContainers: ended.dockerContainers.length,
    processes: ended.processes.length,
    folders: ended.folders.length,
    images: [...images.process, ...images.docker],
    checkpointRecords,
  };
}
