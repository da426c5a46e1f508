import { isLabName } from "../cloud.js";
import { MinicloudError } from "../core/errors.js";
import type { LabDefinition } from "./lab-types.js";

const labs = new Map<string, LabDefinition>();

/**
 * Adds labs to the registry `startLab` and `minicloud lab` look in. A name is defined once and its lab
 * is frozen: a notebook cannot swap a checkpoint's verification for one that always passes.
 */
export function defineLab(lab: LabDefinition): void {
  if (!isLabName(lab.name)) throw new MinicloudError("InvalidParameterValueException", `A lab's name is lowercase letters, digits and dashes, such as "capstone"; got ${JSON.stringify(lab.name)}.`, { field: "name" });
  const known = labs.get(lab.name);
  if (known !== undefined && known !== lab) throw new MinicloudError("ResourceConflictException", `Lab "${lab.name}" is already defined; give yours another name.`, { field: "name" });
  const names = lab.checkpoints.map((c) => c.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new MinicloudError("InvalidParameterValueException", `Lab "${lab.name}" has two checkpoints named "${twice}".`, { field: "checkpoints" });
  const bad = names.find((n) => !isLabName(n));
  if (bad !== undefined) throw new MinicloudError("InvalidParameterValueException", `Checkpoint names are lowercase letters, digits and dashes; got ${JSON.stringify(bad)}.`, { field: "checkpoints" });
  Object.freeze(lab.checkpoints);
  labs.set(lab.name, Object.freeze(lab));
}

/** The lab defined under this name, if any. */
export function findLab(name: string): LabDefinition | undefined {
  return labs.get(name);
}

/** The names of every defined lab. */
export function labNames(): string[] {
  return [...labs.keys()].sort();
}

/** The lab of this name, or an error that lists the labs there are. */
export function knownLab(name: string): LabDefinition {
  const lab = labs.get(name);
  if (lab === undefined) throw new MinicloudError("ResourceNotFoundException", `No lab "${name}"; the labs are: ${labNames().join(", ") || "(none)"}.`, { field: "lab" });
  return lab;
}
