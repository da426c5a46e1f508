import type { Cloud } from "../cloud.js";

/** What verifying a checkpoint found. */
export interface CheckpointVerdict {
  passed: boolean;
  /** What was verified, or what is missing, in the course's words. */
  message: string;
  /** Shown after a failure: what to look at next. */
  hint?: string;
}

/** A named state of a lab that the lab can verify on the student's own resources. */
export interface CheckpointDefinition {
  /** e.g. `queue-created`: lowercase, digits and dashes. */
  name: string;
  /** What the student has reached when it passes, in a few words. */
  title: string;
  /** Looks at (and, where that is the only way to know, exercises) the student's resources in the lab's session. */
  verify(cloud: Cloud): Promise<CheckpointVerdict>;
}

/** A lab: a name, and its checkpoints in the order a student reaches them. */
export interface LabDefinition {
  /** e.g. `capstone`: the folder and label name of the lab. */
  name: string;
  title: string;
  checkpoints: CheckpointDefinition[];
}

/** One verification of one checkpoint, as kept in the student's minicloud home. */
export interface CheckpointRecord {
  lab: string;
  checkpoint: string;
  passed: boolean;
  /** When it was verified, ISO 8601 UTC. */
  at: string;
  /** Who ran it (MINICLOUD_STUDENT, or the user's login name). */
  student: string;
  sessionId: string;
  message: string;
}
