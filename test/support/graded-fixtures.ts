// Grading an assignment's fixtures as a class, as the per-assignment fixture tests do: the shared release
// and instructor copy, the default per-cell limit, one submission at a time (the checks start functions,
// tasks and containers with time budgets), and ways to read each student's grade.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAssignmentLayout, type AssignmentLayout, type GradingNotebook, type SubmissionGrade } from "minicloud";
import { findSubmissions, gradeBatch, type Sandbox } from "../../kernel-ext/grader/index.js";

const root = new URL("../../", import.meta.url).pathname;
const load = (path: string): GradingNotebook => JSON.parse(readFileSync(join(root, path), "utf8")) as GradingNotebook;

/** A class's grades, and the folder the reports went to. */
export interface GradedFixtures {
  layout: AssignmentLayout;
  out: string;
  grade(student: string): SubmissionGrade;
  /** Every rule the grader gave a student, on the notebook and on its exercises. */
  rules(student: string): string[];
  points(student: string): number[];
  /** Each failed check of a student's, with its message and counterexample: what a points assertion prints when it fails. */
  why(student: string): string;
  exercise(student: string, id: string): SubmissionGrade["exercises"][number];
  /** Removes the reports' folder. */
  remove(): void;
}

/** Grades test/fixtures/grading/`folder` against assignment `name` on `sandbox`, then closes the sandbox. */
export async function gradeFixtures(name: string, folder: string, sandbox: Sandbox): Promise<GradedFixtures> {
  const layout = readAssignmentLayout(name, load(`assignments/${name}/release/${name}.ipynb`), load(`assignments/${name}/instructor/${name}.ipynb`));
  const out = mkdtempSync(join(tmpdir(), `minicloud-graded-${folder}-`));
  const result = await gradeBatch(findSubmissions([join(root, "test/fixtures/grading", folder)]), {
    layout,
    sandbox,
    // The default per-cell limit: an assignment must grade within what `minicloud grade` allows.
    limits: { cellTimeoutS: 60, notebookTimeoutS: 300, maxOutputBytes: 1024 * 1024 },
    outDir: out,
    force: false,
    jobs: 1,
  }).finally(() => sandbox.close());
  const grades = new Map(result.grades.map((g) => [g.student, g]));
  const grade = (student: string): SubmissionGrade => {
    const found = grades.get(student);
    if (found === undefined) throw new Error(`expected a grade for ${student}`);
    return found;
  };
  return {
    layout,
    out,
    grade,
    rules: (student) => [...grade(student).feedback, ...grade(student).exercises.flatMap((e) => e.feedback)].map((f) => f.rule),
    points: (student) => grade(student).exercises.map((e) => e.points),
    why: (student) =>
      `${student}'s failed checks:\n` +
      grade(student)
        .exercises.flatMap((e) => e.checks.filter((c) => !c.passed).map((c) => `  ${e.id}: ${c.message}${c.counterexample ? ` ${JSON.stringify(c.counterexample)}` : ""}`))
        .join("\n"),
    exercise: (student, id) => {
      const found = grade(student).exercises.find((e) => e.id === id);
      if (found === undefined) throw new Error(`expected ${student}'s grade to have exercise ${id}`);
      return found;
    },
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}
