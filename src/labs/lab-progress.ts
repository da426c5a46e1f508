import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { readCheckpointRecords } from "./checkpoint-records.js";
import type { CheckpointRecord } from "./lab-types.js";

/** Where a student stands on one checkpoint. */
export interface CheckpointProgress {
  checkpoint: string;
  /** `passed` once any verification passed (a milestone stays reached); else `failed` if one was tried. */
  state: "passed" | "failed" | "not tried";
  /** The first pass, or else the last failure (ISO 8601). */
  at?: string;
  /** How many times it was verified. */
  attempts: number;
}

/** One student's progress through one lab, read from their minicloud home. */
export interface StudentProgress {
  lab: string;
  home: string;
  /** The student's id from their records; without records, the login name the home was found by or its folder's name. */
  student: string;
  checkpoints: CheckpointProgress[];
  passed: number;
  /** The latest verification of any checkpoint (ISO 8601). */
  lastActivity?: string;
  /** Why the home could not be read, when it could not. */
  problem?: string;
}

/** A name for a home with no records to say whose it is: `/home/alice/.minicloud` → `alice`, `/srv/class/bob` → `bob`. */
export function homeOwnerName(home: string): string {
  return basename(home) === ".minicloud" ? basename(dirname(home)) : basename(home);
}

/** Sums up records into one row per checkpoint, in the order given (checkpoints found only in the records come last). */
export function summarizeCheckpoints(records: CheckpointRecord[], checkpoints: string[]): CheckpointProgress[] {
  const names = [...checkpoints, ...new Set(records.map((r) => r.checkpoint).filter((c) => !checkpoints.includes(c)))];
  return names.map((checkpoint) => {
    const mine = records.filter((r) => r.checkpoint === checkpoint);
    const firstPass = mine.find((r) => r.passed);
    const last = mine[mine.length - 1];
    if (firstPass) return { checkpoint, state: "passed", at: firstPass.at, attempts: mine.length };
    if (last) return { checkpoint, state: "failed", at: last.at, attempts: mine.length };
    return { checkpoint, state: "not tried", attempts: 0 };
  });
}

/**
 * Reads one student's progress through a lab from their home, without writing anything there. A home
 * that is missing or unreadable gives a row that says so rather than an error: a class list may name
 * students who have not started.
 */
export function readStudentProgress(home: string, lab: string, checkpoints: string[], name?: string): StudentProgress {
  const fallback = name ?? homeOwnerName(home);
  const empty = (problem: string): StudentProgress => ({ lab, home, student: fallback, checkpoints: summarizeCheckpoints([], checkpoints), passed: 0, problem });
  if (!existsSync(home)) return empty("no minicloud home here");
  let records: CheckpointRecord[];
  try {
    records = readCheckpointRecords(home, lab);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return empty(code === "EACCES" ? "cannot read it: permission denied" : `cannot read it: ${(error as Error).message}`);
  }
  const progress = summarizeCheckpoints(records, checkpoints);
  const last = records[records.length - 1];
  return {
    lab,
    home,
    student: last?.student ?? fallback,
    checkpoints: progress,
    passed: progress.filter((c) => c.state === "passed").length,
    ...(last ? { lastActivity: last.at } : {}),
  };
}
