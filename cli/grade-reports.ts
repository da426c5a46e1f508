// After a batch is scored: the late policy applied to every grade (on time, late, or past the last time
// for credit), the reports it changes written again, and each student's results in a platform's format.
// gradeBatch has written the reports of the scored grades already; this step rewrites them only when a
// policy changes the points (or an earlier run's policy must come off).
// Applying a policy is idempotent (the raw points are the exercises' sum), so a resumed batch that
// reads back grades written earlier gets the same result.
import { renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  applyLatePolicy,
  checkVisibility,
  feedbackHtml,
  gradebookCsv,
  gradescopeResults,
  parseLatePolicy,
  prairielearnResults,
  type AssignmentLayout,
  type LatePolicyOptions,
  type SubmissionGrade,
  type SubmissionTime,
} from "minicloud";
import type { Platform } from "./grade-options.js";

/** What to do to a graded batch. */
export interface BatchReportOptions {
  layout: AssignmentLayout;
  outDir: string;
  format?: Platform;
  late?: Partial<LatePolicyOptions>;
  /** The submission times file, if one was given, and what it says. */
  times?: { file: string; byStudent: ReadonlyMap<string, number> };
}

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

/** A graded submission's results in a platform's format. */
export function platformResults(platform: Platform, grade: SubmissionGrade, layout: AssignmentLayout): unknown {
  const visibility = checkVisibility(layout);
  return platform === "gradescope" ? gradescopeResults(grade, visibility) : prairielearnResults(grade, visibility);
}

/** A grade without a late penalty: a grade read back from an earlier run with a policy, now graded without one. */
function withoutLate(grade: SubmissionGrade): SubmissionGrade {
  if (grade.late === undefined) return grade;
  const { late, ...rest } = grade;
  return { ...rest, points: late.rawPoints };
}

/**
 * Applies the late policy (or takes off one an earlier run applied) and writes the platform results of a
 * graded batch; returns the final grades and the warnings to show (students missing from the times file,
 * rows naming no submission).
 */
export function finishBatchReports(grades: readonly SubmissionGrade[], options: BatchReportOptions): { grades: SubmissionGrade[]; warnings: string[] } {
  const warnings: string[] = [];
  let final = grades.map(withoutLate);
  if (options.late?.due !== undefined) {
    const policy = parseLatePolicy({ ...options.late, due: options.late.due });
    const times = options.times;
    const timeOf = (g: SubmissionGrade): SubmissionTime => {
      const listed = times?.byStudent.get(g.student);
      if (listed !== undefined) return { ms: listed, source: "times-file" };
      if (times !== undefined) warnings.push(`${g.student} is not in ${times.file}; used the notebook's modification time, and the report says so.`);
      return { ms: statSync(g.submission).mtimeMs, source: "file-mtime" };
    };
    final = final.map((g) => applyLatePolicy(g, policy, timeOf(g)));
    for (const student of times?.byStudent.keys() ?? []) {
      if (!grades.some((g) => g.student === student)) warnings.push(`${times!.file} lists "${student}", who has no submission here.`);
    }
  }
  if (options.late?.due !== undefined || grades.some((g) => g.late !== undefined)) {
    const visibility = checkVisibility(options.layout);
    for (const g of final) {
      writeAtomically(join(options.outDir, `${g.student}.json`), JSON.stringify(g, null, 2) + "\n");
      writeAtomically(join(options.outDir, `${g.student}.html`), feedbackHtml(g, visibility));
    }
    writeAtomically(join(options.outDir, "gradebook.csv"), gradebookCsv(options.layout.exercises.map((e) => e.id), final));
  }
  if (options.format !== undefined) {
    for (const g of final) writeAtomically(join(options.outDir, `${g.student}.${options.format}.json`), JSON.stringify(platformResults(options.format, g, options.layout), null, 2) + "\n");
  }
  return { grades: final, warnings };
}
