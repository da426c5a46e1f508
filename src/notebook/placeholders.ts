// `{{ name }}` placeholders in course sources: a student's value of an exercise parameter, or `{{student}}`
// their id. Pure text, so both the build (each student's copy) and the grader (the cells it expects in a
// student's copy) fill them the same way.

/** The student id whose parameters the shared copies (notebooks/, releases, instructor copies) show. */
export const DEFAULT_STUDENT = "anonymous";

/** `{{ name }}`: replaced by a student's value of an exercise parameter, or `{{student}}` by their id. */
export const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

/** True when the text has a placeholder. */
export function hasPlaceholders(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/** Replaces every placeholder with the student's id or their value of the exercise's parameter. */
export function fillPlaceholders(text: string, studentId: string, values: Record<string, number | string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (name === "student") return studentId;
    const value = values[name];
    if (value === undefined) throw new Error(`expected parseCourseSource to have refused the placeholder {{${name}}}`);
    return String(value);
  });
}
