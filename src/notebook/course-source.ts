import type { Code, Html, Root, RootContent } from "mdast";
import { sourceError, splitFrontMatter, type SourceMeta } from "./front-matter.js";
import { checkSourceReferences } from "./source-references.js";
import { isMarkerProblem, readMarker } from "./source-markers.js";
import { checkSolutionRegions, firstMarkerLine } from "./solution-regions.js";

export type { SourceMeta } from "./front-matter.js";

/**
 * What a cell is for in an exercise: the `prompt` (and other prose), a `hint`, an `answer` cell with
 * solution regions, a `solution` cell that is all solution, the `check` cell that carries the points, or
 * the `rubric` (what earns the points; in the instructor copy only).
 */
export type CellRole = "prompt" | "hint" | "answer" | "solution" | "check" | "rubric";

/** One cell of a course source. */
export interface SourceCell {
  cellType: "markdown" | "code";
  /** Stable: from `<!-- cell: id -->` or the fence's `id=`, so rebuilt notebooks diff small. */
  id: string;
  source: string;
  /** One-based line of the source file it starts on, for errors. */
  line: number;
  /** One-based file line of the cell's first line of text. */
  firstLine: number;
  /** The exercise the cell belongs to. */
  exercise?: string;
  role?: CellRole;
}

/** A check only the grader runs, with the file line it starts on. */
export interface HiddenCheck {
  source: string;
  firstLine: number;
}

/** An `<!-- exercise: id points=N -->` … `<!-- end exercise -->` block. */
export interface SourceExercise {
  id: string;
  points: number;
  line: number;
  /** Grader-only checks: in the instructor copy's check cell, between BEGIN/END HIDDEN TESTS. */
  hiddenChecks: HiddenCheck[];
}

/** A parsed course source. */
export interface CourseSource {
  file: string;
  meta: SourceMeta;
  cells: SourceCell[];
  exercises: SourceExercise[];
}

const CELL_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const ROLES = new Set(["answer", "solution", "check", "hidden-check"]);

// The Markdown and YAML parsers load only when a source is built: importing minicloud stays quick.
async function parsers() {
  const [{ fromMarkdown }, { parse }] = await Promise.all([import("mdast-util-from-markdown"), import("yaml")]);
  return { fromMarkdown, parseYaml: parse };
}

function fenceAttribute(meta: string | null | undefined, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}=([^\\s]+)`).exec(meta ?? "")?.[1];
}

interface OpenExercise extends SourceExercise {
  hasCheck: boolean;
  hasAnswer: boolean;
  hasRubric: boolean;
}

/**
 * Parses a course source: Markdown with front matter, where each fenced `ts` block is a code cell
 * (```ts id=setup) and the prose between them is Markdown cells, split where `<!-- cell: id -->` says.
 * Exercise blocks, hints, answer/solution/check fences and hidden checks are described in
 * notebooks/sources/README.md. Every error names the file and line, and what to fix.
 */
export async function parseCourseSource(text: string, file: string): Promise<CourseSource> {
  const { fromMarkdown, parseYaml } = await parsers();
  const { meta, body, offsetLines } = splitFrontMatter(text, file, parseYaml);
  const tree: Root = fromMarkdown(body);
  const lineAt = (offset: number): number => offsetLines + 1 + (body.slice(0, offset).match(/\n/g)?.length ?? 0);
  const cells: SourceCell[] = [];
  const exercises: SourceExercise[] = [];
  const ids = new Set<string>();
  let exercise: OpenExercise | undefined;
  let prose: { id: string; start: number; end: number; line: number; role?: "prompt" | "hint" | "rubric" } | undefined;

  const claimId = (id: string, line: number, what: string): void => {
    if (!CELL_ID.test(id)) throw sourceError(file, line, `${what} id "${id}" may hold only letters, digits, - and _ (at most 64)`);
    if (ids.has(id)) throw sourceError(file, line, `${what} id "${id}" is used twice; each cell and exercise needs its own id`);
    ids.add(id);
  };
  const addCell = (cell: SourceCell): void => {
    claimId(cell.id, cell.line, "cell");
    const marker = cell.role === "answer" ? -1 : firstMarkerLine(cell.source);
    if (marker >= 0) {
      throw sourceError(file, cell.firstLine + marker, "solution and hidden-test markers belong only in a ```ts role=answer fence inside an exercise; move this region there");
    }
    cells.push({ ...cell, ...(exercise ? { exercise: exercise.id } : {}) });
  };
  const closeProse = (): void => {
    if (prose === undefined) return;
    const raw = body.slice(prose.start, prose.end);
    const source = raw.trim();
    const firstLine = lineAt(prose.start + raw.length - raw.trimStart().length);
    if (source === "" && prose.role === "rubric") throw sourceError(file, prose.line, "a rubric needs text: say what earns the exercise's points");
    if (source !== "") addCell({ cellType: "markdown", id: prose.id, source, line: prose.line, firstLine, ...(prose.role ? { role: prose.role } : {}) });
    else if (exercise !== undefined && prose.id === exercise.id) throw sourceError(file, prose.line, `exercise "${exercise.id}" needs a prompt: write what to do right after its marker`);
    prose = undefined;
  };
  const closeExercise = (line: number): void => {
    const open = exercise!;
    if (!open.hasAnswer) throw sourceError(file, open.line, `exercise "${open.id}" has no answer cell: add a \`\`\`ts id=... role=answer fence (or role=solution) before line ${line}`);
    if (!open.hasCheck) throw sourceError(file, open.line, `exercise "${open.id}" has no check cell: add a \`\`\`ts id=... role=check fence that calls check("...", answer)`);
    exercises.push({ id: open.id, points: open.points, line: open.line, hiddenChecks: open.hiddenChecks });
    exercise = undefined;
  };

  for (const node of tree.children as RootContent[]) {
    const end = node.position!.end.offset!;
    const line = node.position!.start.line + offsetLines;
    const marker = node.type === "html" ? readMarker((node as Html).value) : undefined;
    if (marker !== undefined) {
      if (isMarkerProblem(marker)) throw sourceError(file, line, marker.problem);
      closeProse();
      if (marker.kind === "end-exercise") {
        if (exercise === undefined) throw sourceError(file, line, "<!-- end exercise --> without an <!-- exercise: id points=N --> above it");
        closeExercise(line);
      } else if (marker.kind === "exercise") {
        if (exercise !== undefined) throw sourceError(file, line, `exercise "${exercise.id}" (line ${exercise.line}) is still open: close it with <!-- end exercise --> first`);
        if (marker.points === undefined) throw sourceError(file, line, `exercise "${marker.id}" needs points: write <!-- exercise: ${marker.id} points=3 -->`);
        exercise = { id: marker.id, points: marker.points, line, hiddenChecks: [], hasCheck: false, hasAnswer: false, hasRubric: false };
        prose = { id: marker.id, start: end, end, line, role: "prompt" };
      } else if (marker.kind === "hint" || marker.kind === "rubric") {
        if (exercise === undefined) throw sourceError(file, line, `a ${marker.kind} belongs inside an exercise: move it between <!-- exercise: ... --> and <!-- end exercise -->`);
        if (marker.kind === "rubric") {
          if (exercise.hasRubric) throw sourceError(file, line, `exercise "${exercise.id}" already has a rubric; say everything that earns its points in one`);
          exercise.hasRubric = true;
        }
        prose = { id: marker.id, start: end, end, line, role: marker.kind };
      } else {
        prose = { id: marker.id, start: end, end, line, ...(exercise ? { role: "prompt" as const } : {}) };
      }
      continue;
    }
    if (node.type === "code" && ((node as Code).lang === "ts" || (node as Code).lang === "typescript")) {
      closeProse();
      const code = node as Code;
      const role = fenceAttribute(code.meta, "role");
      if (role !== undefined && !ROLES.has(role)) throw sourceError(file, line, `unknown role "${role}"; a fence's role is answer, solution, check or hidden-check`);
      if (role !== undefined && exercise === undefined) {
        throw sourceError(file, line, `a role=${role} block is outside an exercise: put it between <!-- exercise: id points=N --> and <!-- end exercise -->`);
      }
      if (role === "hidden-check") {
        if (firstMarkerLine(code.value) >= 0) throw sourceError(file, line + 1 + firstMarkerLine(code.value), "a hidden check needs no markers: the build adds BEGIN/END HIDDEN TESTS itself");
        exercise!.hiddenChecks.push({ source: code.value, firstLine: line + 1 });
        continue;
      }
      const id = fenceAttribute(code.meta, "id");
      if (id === undefined) throw sourceError(file, line, "a code cell needs an id: write the fence as ```ts id=some-name");
      if (role === "check") {
        if (exercise!.hasCheck) throw sourceError(file, line, `exercise "${exercise!.id}" already has a check cell; put all its public checks in one role=check fence (it carries the points)`);
        exercise!.hasCheck = true;
      }
      if (role === "answer") {
        const problem = checkSolutionRegions(code.value);
        if (problem) throw sourceError(file, line + 1 + problem.lineIndex, problem.message);
      }
      if (role === "answer" || role === "solution") exercise!.hasAnswer = true;
      addCell({ cellType: "code", id, source: code.value, line, firstLine: line + 1, ...(role ? { role: role as CellRole } : {}) });
      continue;
    }
    if (prose === undefined) throw sourceError(file, line, "prose must follow a <!-- cell: some-id --> line, so that every cell has a stable id");
    prose.end = end;
  }
  closeProse();
  if (exercise !== undefined) throw sourceError(file, exercise.line, `exercise "${exercise.id}" is never closed: add <!-- end exercise --> after its last cell`);
  if (cells.length === 0) throw sourceError(file, 1, "the source has no cells");
  const source: CourseSource = { file, meta, cells, exercises };
  checkSourceReferences(source);
  return source;
}
