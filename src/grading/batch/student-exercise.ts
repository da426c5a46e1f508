// What a student may read about a graded exercise, on the feedback page and on a course platform. The
// public checks (the check() calls of the release's check cell) are shown in full: the student can run
// them anyway. A hidden check shows its name, whether it passed and a neutral line — never its message,
// counterexample or hint ("expected 351" would give the answer away); the instructor's JSON keeps it all.
// An error that stopped the grader's cell may quote the hidden code (a compile error does), so when the
// exercise has hidden checks its text is withheld too.
import { checkIdsIn } from "./notebook-text.js";
import type { AssignmentLayout, CheckOutcome, ExerciseGrade, FeedbackItem } from "./types.js";

/** Which checks of an exercise a student may see. */
export interface CheckVisibility {
  /** Exercise ids the release's check cell passes to check(). */
  publicCheckIds: ReadonlySet<string>;
  /** True when the instructor's check cell holds more than the release's (hidden tests). */
  hasHiddenChecks: boolean;
}

/** Per exercise of an assignment: which checks are public, and whether it has hidden ones. */
export function checkVisibility(layout: AssignmentLayout): Map<string, CheckVisibility> {
  return new Map(
    layout.exercises.map((e) => {
      const released = layout.releaseCells.get(e.checkCellId)?.source ?? "";
      const instructor = layout.instructorChecks.get(e.checkCellId) ?? "";
      return [e.id, { publicCheckIds: checkIdsIn(released), hasHiddenChecks: instructor.trim() !== released.trim() }];
    }),
  );
}

/** The line a student reads for a hidden check that did not pass: what to review, nothing of the check. */
export function hiddenCheckMessage(topic: string): string {
  return `a hidden case failed — review ${topic} (hidden checks are not shown)`;
}

/** What a student reads for an error that stopped checks that include hidden ones. */
const WITHHELD_ERROR = "the checks stopped with an error; its text is withheld because this exercise has hidden checks (run the check cell in your notebook to see the public checks' messages)";

/**
 * The student's view of an exercise's grade: points and pass/fail as graded, public checks in full, hidden
 * checks (marked by the grader cell, or named by an id the release's check cell does not use) reduced to
 * their name, result and a neutral line, and findings that quote hidden checks replaced the same way. A
 * finding that only repeats a failed check's line is left out: the check is listed already.
 * Without a visibility (an exercise the layout does not know), every check counts as hidden.
 */
export function studentExercise(grade: ExerciseGrade, visibility: CheckVisibility | undefined): ExerciseGrade {
  const isHidden = (c: CheckOutcome): boolean => c.hidden === true || !(visibility?.publicCheckIds.has(c.exercise) ?? false);
  const checks = grade.checks.map((c): CheckOutcome => (isHidden(c) ? { exercise: c.exercise, passed: c.passed, message: c.passed ? "passed" : hiddenCheckMessage(c.exercise), hidden: true } : c));
  const repeatsACheck = (f: FeedbackItem): boolean => f.rule === "check-failed" && grade.checks.some((c) => !c.passed && f.reason === `${c.exercise}: ${c.message}`);
  const quotesHidden = (f: FeedbackItem): boolean => f.hidden === true || (f.rule === "check-cell-failed" && (visibility?.hasHiddenChecks ?? true));
  const neutral = (f: FeedbackItem): string => (f.rule === "check-cell-failed" ? WITHHELD_ERROR : hiddenCheckMessage(grade.id));
  const feedback = grade.feedback.filter((f) => !repeatsACheck(f)).map((f): FeedbackItem => (quotesHidden(f) ? { place: f.place, rule: f.rule, reason: neutral(f), hidden: true } : f));
  return { ...grade, checks, feedback };
}
