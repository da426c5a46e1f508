// Where a learner's progress is kept: every check() appends one line to progress.jsonl in the minicloud
// home, and the latest line per exercise (and notebook, when the kernel knows it) is its result.
// Appending never rewrites what another kernel wrote at the same moment, so two notebooks open at once
// cannot lose each other's results; a line cut short by a crash is skipped when read.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { minicloudHome } from "../../core/home.js";

/** One check() as recorded: which exercise, in which notebook (when known), and what it found. */
export interface ProgressRecord {
  exercise: string;
  /** The notebook's file name, from Jupyter's JPY_SESSION_NAME; absent where the server does not say. */
  notebook?: string;
  passed: boolean;
  message: string;
  /** When, as an ISO time. */
  at: string;
}

/** Where progress is kept, and how the store learns the time and the notebook. */
export interface ProgressStoreOptions {
  home?: string;
  now?: () => Date;
  /** The running notebook's path (default: JPY_SESSION_NAME, which Jupyter Server sets for each kernel). */
  notebook?: string;
}

const FILE = "progress.jsonl";

/** The file progress is kept in. */
export function progressFile(home: string = minicloudHome()): string {
  return join(home, FILE);
}

function isRecord(value: unknown): value is ProgressRecord {
  const r = value as Partial<ProgressRecord> | null;
  return typeof r === "object" && r !== null && typeof r.exercise === "string" && typeof r.passed === "boolean" && typeof r.at === "string";
}

/** Appends the result of one check() to the learner's progress. */
export function recordCheck(result: { exercise: string; passed: boolean; message: string }, options: ProgressStoreOptions = {}): void {
  const home = options.home ?? minicloudHome();
  const session = options.notebook ?? process.env["JPY_SESSION_NAME"];
  const record: ProgressRecord = {
    exercise: result.exercise,
    ...(session ? { notebook: basename(session) } : {}),
    passed: result.passed,
    message: result.message,
    at: (options.now ?? (() => new Date()))().toISOString(),
  };
  // Owner only when this makes it: on a machine shared by a class, a learner's results are their own.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  appendFileSync(join(home, FILE), JSON.stringify(record) + "\n");
}

/** The key of a record's slot: the latest record per exercise and notebook wins. */
export function recordKey(exercise: string, notebook: string | undefined): string {
  return `${notebook ?? ""}\u0000${exercise}`;
}

/** The latest record per exercise and notebook (see {@link recordKey}). */
export function readProgress(home: string = minicloudHome()): Map<string, ProgressRecord> {
  const latest = new Map<string, ProgressRecord>();
  const file = join(home, FILE);
  if (!existsSync(file)) return latest;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(record)) continue;
    const key = recordKey(record.exercise, record.notebook);
    const known = latest.get(key);
    if (known === undefined || known.at <= record.at) latest.set(key, record);
  }
  return latest;
}
