// Solution and hidden-test regions, marked as nbgrader marks them: comment lines holding BEGIN SOLUTION /
// END SOLUTION. nbgrader finds a marker anywhere in a line, so we refuse one that is not a line of its own.

/** The placeholder a student sees where a solution was: the same text nbgrader's TypeScript code stub gives. */
export const CODE_STUB = '// YOUR CODE HERE\nthrow new Error("not implemented");';

export const BEGIN_SOLUTION = "// BEGIN SOLUTION";
export const END_SOLUTION = "// END SOLUTION";
export const BEGIN_HIDDEN_TESTS = "// BEGIN HIDDEN TESTS";
export const END_HIDDEN_TESTS = "// END HIDDEN TESTS";

const ANY_MARKER = /BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS/;

/** A problem with the markers of one cell, at a zero-based line of its source. */
export interface RegionProblem {
  lineIndex: number;
  message: string;
}

/** The zero-based index of the first line that holds any nbgrader marker, or -1. */
export function firstMarkerLine(source: string): number {
  return source.split("\n").findIndex((line) => ANY_MARKER.test(line));
}

/**
 * Checks an answer cell's solution regions: every `// BEGIN SOLUTION` line is closed by an
 * `// END SOLUTION` line, none nests, and there is at least one. Returns the first problem, if any.
 */
export function checkSolutionRegions(source: string): RegionProblem | undefined {
  let open: number | undefined;
  let regions = 0;
  const lines = source.split("\n");
  for (const [index, line] of lines.entries()) {
    if (!ANY_MARKER.test(line)) continue;
    const marker = line.trim();
    if (marker === BEGIN_SOLUTION) {
      if (open !== undefined) return { lineIndex: index, message: `a solution region opened on the line ${index - open} above is still open: close it with ${END_SOLUTION} before the next ${BEGIN_SOLUTION}` };
      open = index;
    } else if (marker === END_SOLUTION) {
      if (open === undefined) return { lineIndex: index, message: `${END_SOLUTION} without a ${BEGIN_SOLUTION} above it` };
      open = undefined;
      regions++;
    } else if (/HIDDEN TESTS/.test(line)) {
      return { lineIndex: index, message: "hidden checks go in a ```ts role=hidden-check fence, not inside an answer cell" };
    } else {
      return { lineIndex: index, message: `write the marker as a comment line of its own: exactly "${BEGIN_SOLUTION}" or "${END_SOLUTION}"` };
    }
  }
  if (open !== undefined) return { lineIndex: open, message: `this solution region is never closed: add a line "${END_SOLUTION}" after the solution` };
  if (regions === 0) {
    return { lineIndex: 0, message: `an answer cell needs at least one region between "${BEGIN_SOLUTION}" and "${END_SOLUTION}" lines (for a cell that is all solution, write role=solution)` };
  }
  return undefined;
}

/** The student's text of an answer cell: each solution region replaced by the stub, indented like its BEGIN line. */
export function clearSolutions(source: string): string {
  const out: string[] = [];
  let inSolution = false;
  for (const line of source.split("\n")) {
    const marker = line.trim();
    if (marker === BEGIN_SOLUTION) {
      const indent = /^\s*/.exec(line)![0];
      out.push(...CODE_STUB.split("\n").map((stub) => indent + stub));
      inSolution = true;
    } else if (marker === END_SOLUTION) {
      inSolution = false;
    } else if (!inSolution) {
      out.push(line);
    }
  }
  return out.join("\n");
}

/** A whole cell of solution, wrapped in markers, as the instructor copy shows it. */
export function markWholeSolution(source: string): string {
  return `${BEGIN_SOLUTION}\n${source}\n${END_SOLUTION}`;
}

/** A check cell as the instructor copy shows it: the public checks, then the hidden ones between markers. */
export function withHiddenTests(publicChecks: string, hiddenChecks: string[]): string {
  if (hiddenChecks.length === 0) return publicChecks;
  return `${publicChecks}\n${BEGIN_HIDDEN_TESTS}\n${hiddenChecks.join("\n")}\n${END_HIDDEN_TESTS}`;
}
