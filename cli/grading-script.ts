// The script a platform runs for each submission: it calls `minicloud grade --platform` and, should the
// grader not even start, still leaves a results.json saying so — a platform that finds none shows the
// student a bare error (Gradescope's best practices: "ensure a results.json is written even if the
// autograder fails").
import type { Platform } from "./grade-options.js";

/** What a student reads when the grader could not even start. */
export const COULD_NOT_START = "The grader could not start, so nothing was graded. This is not a problem with your work: tell your instructor.";

/** What differs between platforms in the per-submission script. */
export interface GradingScript {
  platform: Platform;
  /** Comment lines at the top, saying who runs it and what it does. */
  about: string[];
  /** The variable that moves the platform's root folder, and the root it defaults to. */
  rootVariable: string;
  root: string;
  /** Where minicloud's command is, by default. */
  cli: string;
  /** The assignment's folder, relative to the root. */
  assignment: string;
  name: string;
  /** Options passed on to `minicloud grade`, shell-quoted. */
  gradeArgs: string;
  /** The results.json to write when the grader could not start. */
  couldNotStart: object;
}

/** Quotes words for a POSIX shell. */
export function shellWords(words: readonly string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** The text of the per-submission script. */
export function gradingScript(s: GradingScript): string {
  return `#!/usr/bin/env bash
${s.about.map((line) => `# ${line}`).join("\n")}
# ${s.rootVariable} moves ${s.root} and MINICLOUD_CLI names another minicloud command, to try this
# out on your own machine (see docs/grading.md).
set -u
root="\${${s.rootVariable}:-${s.root}}"
cli="\${MINICLOUD_CLI:-${s.cli}}"
assignment="$root/${s.assignment}"
results="$root/results/results.json"
mkdir -p "$root/results"
rm -f "$results"
node "$cli" grade "$assignment/release/${s.name}.ipynb" --instructor "$assignment/instructor/${s.name}.ipynb" \\
  --platform ${s.platform} --root "$root"${s.gradeArgs ? ` ${s.gradeArgs}` : ""}
status=$?
# minicloud writes results.json even when grading fails; this covers a grader that could not start at all.
if [ ! -s "$results" ]; then
  printf '%s\\n' ${shellWords([JSON.stringify(s.couldNotStart)])} > "$results"
fi
exit $status
`;
}
