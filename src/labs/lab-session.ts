import { resolve } from "node:path";
import { Cloud, type CloudOptions } from "../cloud.js";
import { minicloudHome } from "../core/home.js";
import { MinicloudError } from "../core/errors.js";
import { removeLabelledImages } from "../engines/remove-images.js";
import { checkResultBundle, type CheckResult } from "../grading/check-result.js";
import type { Displayable, MimeBundle } from "../viz/mime-bundle.js";
import { appendCheckpointRecord, labStudent } from "./checkpoint-records.js";
import { knownLab } from "./lab-registry.js";
import { endLabSessions, labImageLabels, labImageTag } from "./lab-ownership.js";
import { readStudentProgress, type StudentProgress } from "./lab-progress.js";
import type { CheckpointVerdict, LabDefinition } from "./lab-types.js";
import { statusTableBundle } from "./status-table.js";

/** What a checkpoint found, shown as a green or red panel. */
export type CheckpointResult = CheckResult & Displayable;

/** A student's session of a lab: a minicloud session that belongs to the lab, and its checkpoints. */
export interface LabSession extends Displayable {
  readonly lab: LabDefinition;
  /** The minicloud session the lab's resources live in. */
  readonly cloud: Cloud;
  /** Who is doing the lab (MINICLOUD_STUDENT, or the login name). */
  readonly student: string;
  /** The minicloud home the checkpoints are recorded in. */
  readonly home: string;
  /** Labels to give the images the lab builds, so that `minicloud lab reset` removes them. */
  readonly imageLabels: Record<string, string>;
  /** A tag for one of the lab's images that another student's build on a shared Docker engine cannot overwrite. */
  imageTag(repository: string): string;
  /** Verifies a checkpoint on this session's resources, records the outcome in the home, and shows it. */
  checkpoint(name: string): Promise<CheckpointResult>;
  /** This student's progress through the lab, as recorded. */
  progress(): StudentProgress;
  /** Shuts the lab's session down and removes the images it built for this student; the checkpoints stay recorded. */
  shutdown(): Promise<void>;
}

/**
 * Starts a lab: ends any earlier session of the same lab from this home (one lab session per student:
 * re-running the first cell starts afresh), then starts a minicloud session that belongs to the lab.
 * @example const lab = await startLab("capstone"); await lab.checkpoint("bucket-and-queue");
 */
export async function startLab(name: string, options: Omit<CloudOptions, "lab"> = {}): Promise<LabSession> {
  const lab = knownLab(name);
  const home = resolve(minicloudHome());
  await endLabSessions(lab.name, home);
  const cloud = await Cloud.start({ ...options, lab: lab.name });
  const student = labStudent();
  const checkpointNames = lab.checkpoints.map((c) => c.name);

  const verify = async (name: string): Promise<CheckpointVerdict> => {
    const definition = lab.checkpoints.find((c) => c.name === name)!;
    try {
      return await definition.verify(cloud);
    } catch (error) {
      // A resource that is missing or misconfigured is the student's to fix, not a crash of the lab.
      return { passed: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };

  const session: LabSession = {
    lab,
    cloud,
    student,
    home,
    imageLabels: labImageLabels(lab.name, home),
    imageTag: (repository) => labImageTag(repository, student),
    async checkpoint(name) {
      const definition = lab.checkpoints.find((c) => c.name === name);
      if (definition === undefined) {
        throw new MinicloudError("ResourceNotFoundException", `Lab "${lab.name}" has no checkpoint "${name}"; its checkpoints are: ${checkpointNames.join(", ")}.`, { field: "checkpoint" });
      }
      const id = `${lab.name}/${name}`;
      if (!cloud.running) {
        const message = "This lab session has ended (a reset, or a newer session of the lab): run the notebook again from the top.";
        return withPanel({ exercise: id, title: definition.title, passed: false, message, checks: 0 });
      }
      const verdict = await verify(name);
      appendCheckpointRecord(home, { lab: lab.name, checkpoint: name, passed: verdict.passed, at: new Date().toISOString(), student, sessionId: cloud.sessionId, message: verdict.message });
      return withPanel({ exercise: id, title: definition.title, passed: verdict.passed, message: verdict.message, checks: 1, ...(!verdict.passed && verdict.hint ? { hint: verdict.hint } : {}) });
    },
    progress: () => readStudentProgress(home, lab.name, checkpointNames, student),
    async shutdown() {
      await cloud.shutdown();
      // Rebuilt in a second when the lab runs again; left behind, each run's would pile up on the engine.
      if (cloud.engine.name !== "simulated") await removeLabelledImages(session.imageLabels, { home, docker: cloud.engine.name === "docker" });
    },
    toMimeBundle(): MimeBundle {
      return statusTableBundle(`Lab ${lab.name}: your checkpoints`, checkpointNames, [session.progress()]);
    },
  };
  return session;
}

const withPanel = (result: CheckResult): CheckpointResult => ({ ...result, toMimeBundle: () => checkResultBundle(result) });
