// Step 5b: one submission's grade from its exercises, and how it is read back from disk (for resuming).
import type { ExerciseGrade, FeedbackItem, SubmissionGrade } from "./types.js";

/** Adds up a submission's exercises into its grade. */
export function submissionGrade(fields: { student: string; submission: string; assignment: string; sandbox: string; durationMs: number; exercises: ExerciseGrade[]; feedback: FeedbackItem[] }): SubmissionGrade {
  const points = fields.exercises.reduce((sum, e) => sum + e.points, 0);
  const maxPoints = fields.exercises.reduce((sum, e) => sum + e.maxPoints, 0);
  return { ...fields, points, maxPoints, gradedAt: new Date().toISOString() };
}

/** A grade as written to `<student>.json`, or undefined when the file is not one (then it is graded again). */
export function parseSubmissionGrade(text: string): SubmissionGrade | undefined {
  try {
    const value = JSON.parse(text) as Partial<SubmissionGrade>;
    if (typeof value.student === "string" && typeof value.points === "number" && Array.isArray(value.exercises)) return value as SubmissionGrade;
  } catch {
    // An unreadable file is a grade that was never finished.
  }
  return undefined;
}
