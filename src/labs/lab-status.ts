import { labsInHome } from "./checkpoint-records.js";
import type { StudentHome } from "./lab-homes.js";
import { readStudentProgress, type StudentProgress } from "./lab-progress.js";
import { findLab } from "./lab-registry.js";

/** One lab's status across students. */
export interface LabStatus {
  lab: string;
  title: string;
  /** The checkpoints in the lab's order (for a lab not defined here, those found in the records). */
  checkpoints: string[];
  students: StudentProgress[];
}

/**
 * Every student's progress through a lab — or through each lab their homes have records of — read
 * from their homes and never written to. One row per home, in the order given.
 */
export function labStatus(homes: StudentHome[], lab?: string): LabStatus[] {
  const readable = (home: string): string[] => {
    try {
      return labsInHome(home);
    } catch {
      return [];
    }
  };
  const labs = lab !== undefined ? [lab] : [...new Set(homes.flatMap((h) => readable(h.home)))].sort();
  return labs.map((name) => {
    const defined = findLab(name);
    const declared = defined?.checkpoints.map((c) => c.name) ?? [];
    const students = homes.map((h) => readStudentProgress(h.home, name, declared, h.name));
    const found = students.flatMap((s) => s.checkpoints.map((c) => c.checkpoint));
    return { lab: name, title: defined?.title ?? name, checkpoints: [...new Set([...declared, ...found])], students };
  });
}
