import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import type { CheckpointRecord } from "./lab-types.js";

const RECORDS_FILE = "checkpoints.jsonl";

/** The folder of a student's home that holds everything of one lab: `<home>/labs/<lab>/`. */
export function labFolder(home: string, lab: string): string {
  return join(home, "labs", lab);
}

/** Who is doing the lab: `MINICLOUD_STUDENT` when set (a class id), else the login name. */
export function labStudent(): string {
  const fromEnv = process.env["MINICLOUD_STUDENT"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return "student";
  }
}

/**
 * Adds one verification to the lab's records in the home. The file only grows — one JSON line per
 * verification, each written with a single append — so an instructor reading it meanwhile never sees
 * half a history, and a student's earlier passes are never lost.
 */
export function appendCheckpointRecord(home: string, record: CheckpointRecord): void {
  const folder = labFolder(home, record.lab);
  mkdirSync(folder, { recursive: true });
  appendFileSync(join(folder, RECORDS_FILE), JSON.stringify(record) + "\n");
}

/** Every verification of the lab in the home, oldest first; lines that cannot be read are skipped. */
export function readCheckpointRecords(home: string, lab: string): CheckpointRecord[] {
  const file = join(labFolder(home, lab), RECORDS_FILE);
  if (!existsSync(file)) return [];
  const records: CheckpointRecord[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const record = JSON.parse(line) as Partial<CheckpointRecord>;
      if (typeof record.checkpoint === "string" && typeof record.passed === "boolean" && typeof record.at === "string") records.push(record as CheckpointRecord);
    } catch {
      // A line being written as we read: the next read has it.
    }
  }
  return records;
}

/** The labs a home has records or files of, by name. */
export function labsInHome(home: string): string[] {
  const dir = join(home, "labs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory()).sort();
}
