import { MinicloudError } from "../core/errors.js";

/** A notebook's front matter: what the course says about it. */
export interface SourceMeta {
  title: string;
  /** The kernelspec name (default `minicloud`). */
  kernel?: string;
  /** What a learner can do after the notebook, one sentence each. */
  objectives?: string[];
  /** Estimated time, e.g. "20 minutes". */
  time?: string;
  /** Notebooks to do first, by name (e.g. `03-lambda-functions`). */
  prerequisites?: string[];
  /** A graded assignment: also built as an instructor copy and a release (sources under `assignments/` are). */
  assignment?: boolean;
}

const KEYS = {
  title: "a string",
  kernel: "a string",
  time: "a string",
  objectives: "a list of strings",
  prerequisites: "a list of strings",
  assignment: "true or false",
} as const;

/** An error in a course source, naming the file and line and what to fix. */
export function sourceError(file: string, line: number, message: string): MinicloudError {
  return new MinicloudError("InvalidCourseSource", `${file}:${line}: ${message}`, { field: `${file}:${line}` });
}

function hasType(value: unknown, expected: (typeof KEYS)[keyof typeof KEYS]): boolean {
  if (expected === "a string") return typeof value === "string";
  if (expected === "true or false") return typeof value === "boolean";
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/**
 * Splits a source into its front matter (checked key by key) and its Markdown body. `offsetLines` is
 * how many lines the front matter takes, so body positions map back to file lines.
 */
export function splitFrontMatter(text: string, file: string, parseYaml: (text: string) => unknown): { meta: SourceMeta; body: string; offsetLines: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) throw sourceError(file, 1, "a course source starts with front matter between --- lines, with at least a title: ...");
  const yaml = match[1]!;
  let meta: unknown;
  try {
    meta = parseYaml(yaml);
  } catch (error) {
    throw sourceError(file, 2, `the front matter is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof meta !== "object" || meta === null || Array.isArray(meta) || typeof (meta as SourceMeta).title !== "string") {
    throw sourceError(file, 2, "the front matter needs a title: the notebook's name as a learner sees it");
  }
  // Line of a top-level key inside the file (the opening --- is line 1).
  const lineOf = (key: string): number => 2 + Math.max(0, yaml.split(/\r?\n/).findIndex((l) => l.startsWith(`${key}:`)));
  for (const [key, value] of Object.entries(meta)) {
    const expected = (KEYS as Record<string, (typeof KEYS)[keyof typeof KEYS]>)[key];
    if (expected === undefined) {
      throw sourceError(file, lineOf(key), `unknown front matter key "${key}"; the keys are ${Object.keys(KEYS).join(", ")}`);
    }
    if (!hasType(value, expected)) throw sourceError(file, lineOf(key), `"${key}" must be ${expected}`);
  }
  return { meta: meta as SourceMeta, body: text.slice(match[0].length), offsetLines: match[0].split("\n").length - 1 };
}
