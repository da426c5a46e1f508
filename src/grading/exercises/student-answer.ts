// How an assignment exercise (a2, a3) reads its answer: the student's id (their numbers come from it) and the
// named parts they wrote, e.g. `{ student, layout, yourLayout }`. The grader binds `student` itself, so
// an answer checked under another id is checked against that id's numbers.
import { drawParameters, type ExerciseParameterValues, type ParameterChoices } from "../exercise-parameters.js";
import { answerValue, asFunction } from "../compare-with-reference.js";

/** A read answer: the student, their parameter values, and the check's own options. */
export interface StudentAnswer {
  student: string;
  mine: ExerciseParameterValues;
  /** A fixed seed unless a hidden check asks for other generated inputs. */
  seed: number | undefined;
  /** How many generated inputs (the exercise's default unless a hidden check asks for more). */
  runs: number | undefined;
  /** A part the learner wrote as a function, e.g. `layout`. */
  fn<Args extends unknown[], Result>(name: string): (...args: Args) => Result;
  /** A part as a value: what it is, or what it returns when it is a function of no arguments. */
  value(name: string): Promise<unknown>;
}

/**
 * Reads `{ student, ...parts, seed?, runs? }`; throws a TypeError that says what to pass when the
 * answer has another shape (check() shows it as feedback).
 */
export function readStudentAnswer(exerciseId: string, choices: ParameterChoices, answer: unknown, parts: string[]): StudentAnswer {
  const shape = `{ student, ${parts.join(", ")} }`;
  if (typeof answer !== "object" || answer === null || typeof (answer as { student?: unknown }).student !== "string") {
    throw new TypeError(`pass an object with your student id and your answers: check("${exerciseId}", ${shape})`);
  }
  const given = answer as Record<string, unknown>;
  const missing = parts.filter((p) => given[p] === undefined);
  if (missing.length > 0) throw new TypeError(`${missing.join(" and ")} missing: check("${exerciseId}", ${shape})`);
  const student = given["student"] as string;
  const number = (key: string): number | undefined => (typeof given[key] === "number" ? (given[key] as number) : undefined);
  return {
    student,
    mine: drawParameters(exerciseId, student, choices),
    seed: number("seed"),
    runs: number("runs"),
    fn: <Args extends unknown[], Result>(name: string) => asFunction<Args, Result>(given[name], name),
    value: (name) => answerValue(given[name]),
  };
}
