import { createHash } from "node:crypto";
import { MinicloudError } from "../core/errors.js";

/** The values an exercise may give each student, per parameter: e.g. `{ memoryMB: [512, 1024, 2048] }`. */
export type ParameterChoices = Readonly<Record<string, readonly (number | string)[]>>;

/** One student's values for an exercise's parameters: e.g. `{ memoryMB: 1024 }`. */
export type ExerciseParameterValues = Record<string, number | string>;

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws when a parameter space cannot be drawn from: a bad name or a parameter with no values. */
export function checkParameterChoices(exerciseId: string, choices: ParameterChoices): void {
  for (const [name, values] of Object.entries(choices)) {
    if (!PARAMETER_NAME.test(name) || name === "student") {
      throw new MinicloudError("InvalidParameterValueException", `Exercise "${exerciseId}": parameter "${name}" needs a name made of letters, digits and _ (and not "student", which names the student).`, { field: `parameters.${name}` });
    }
    if (values.length === 0) {
      throw new MinicloudError("InvalidParameterValueException", `Exercise "${exerciseId}": parameter "${name}" has no values to choose from; list at least one.`, { field: `parameters.${name}` });
    }
  }
}

/**
 * Draws one student's parameter values. Each parameter is picked by a hash of the exercise id, the
 * student id and the parameter's name: the same student always gets the same values, on any machine,
 * and adding a parameter never changes the values already drawn for the others.
 */
export function drawParameters(exerciseId: string, studentId: string, choices: ParameterChoices): ExerciseParameterValues {
  checkParameterChoices(exerciseId, choices);
  const values: ExerciseParameterValues = {};
  for (const name of Object.keys(choices).sort()) {
    const list = choices[name]!;
    const digest = createHash("sha256").update(`${exerciseId}\n${studentId}\n${name}`, "utf8").digest();
    // 48 bits of the digest: a uniform enough index for lists of any size a course uses.
    values[name] = list[digest.readUIntBE(0, 6) % list.length]!;
  }
  return values;
}
