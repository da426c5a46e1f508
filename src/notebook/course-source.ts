import type { Code, Html, Root, RootContent } from "mdast";
import { MinicloudError } from "../core/errors.js";

/** A notebook's front matter: what the course says about it. */
export interface SourceMeta {
  title: string;
  /** The kernelspec name (default `minicloud`). */
  kernel?: string;
  objectives?: string[];
  /** Estimated time, e.g. "20 minutes". */
  time?: string;
  prerequisites?: string[];
}

/** One cell of a course source. */
export interface SourceCell {
  cellType: "markdown" | "code";
  /** Stable: from `<!-- cell: id -->` or the fence's `id=`, so rebuilt notebooks diff small. */
  id: string;
  source: string;
  /** One-based line of the source file it starts on, for errors. */
  line: number;
}

/** A parsed course source. */
export interface CourseSource {
  file: string;
  meta: SourceMeta;
  cells: SourceCell[];
}

const CELL_MARKER = /^<!--\s*cell:\s*([a-zA-Z0-9_-]+)\s*-->\s*$/;
const CELL_ID = /^[a-zA-Z0-9_-]{1,64}$/;

function fail(file: string, line: number, message: string): MinicloudError {
  return new MinicloudError("InvalidCourseSource", `${file}:${line}: ${message}`, { field: `${file}:${line}` });
}

// The Markdown and YAML parsers load only when a source is built: importing minicloud stays quick.
async function parsers() {
  const [{ fromMarkdown }, { parse }] = await Promise.all([import("mdast-util-from-markdown"), import("yaml")]);
  return { fromMarkdown, parseYaml: parse };
}

function splitFrontMatter(text: string, file: string, parseYaml: (text: string) => unknown): { meta: SourceMeta; body: string; offsetLines: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) throw fail(file, 1, "a course source starts with front matter between --- lines, with at least a title: ...");
  let meta: unknown;
  try {
    meta = parseYaml(match[1]!);
  } catch (error) {
    throw fail(file, 2, `the front matter is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof meta !== "object" || meta === null || typeof (meta as SourceMeta).title !== "string") {
    throw fail(file, 2, "the front matter needs a title: the notebook's name as a learner sees it");
  }
  return { meta: meta as SourceMeta, body: text.slice(match[0].length), offsetLines: match[0].split("\n").length - 1 };
}

/**
 * Parses a course source: Markdown with front matter, where each fenced `ts` block is a code cell
 * (```ts id=setup) and the prose between them is Markdown cells, split where `<!-- cell: id -->` says.
 */
export async function parseCourseSource(text: string, file: string): Promise<CourseSource> {
  const { fromMarkdown, parseYaml } = await parsers();
  const { meta, body, offsetLines } = splitFrontMatter(text, file, parseYaml);
  const tree: Root = fromMarkdown(body);
  const cells: SourceCell[] = [];
  const ids = new Set<string>();
  let prose: { id: string; start: number; end: number; line: number } | undefined;

  const addCell = (cell: SourceCell): void => {
    if (!CELL_ID.test(cell.id)) throw fail(file, cell.line, `cell id "${cell.id}" may hold only letters, digits, - and _ (at most 64)`);
    if (ids.has(cell.id)) throw fail(file, cell.line, `cell id "${cell.id}" is used twice; each cell needs its own id`);
    ids.add(cell.id);
    cells.push(cell);
  };
  const closeProse = (): void => {
    if (prose === undefined) return;
    const source = body.slice(prose.start, prose.end).trim();
    if (source !== "") addCell({ cellType: "markdown", id: prose.id, source, line: prose.line });
    prose = undefined;
  };

  for (const node of tree.children as RootContent[]) {
    const end = node.position!.end.offset!;
    const line = node.position!.start.line + offsetLines;
    const marker = node.type === "html" ? CELL_MARKER.exec((node as Html).value) : null;
    if (marker) {
      closeProse();
      prose = { id: marker[1]!, start: end, end, line };
      continue;
    }
    if (node.type === "code" && ((node as Code).lang === "ts" || (node as Code).lang === "typescript")) {
      closeProse();
      const id = /(?:^|\s)id=([^\s]+)/.exec((node as Code).meta ?? "")?.[1];
      if (id === undefined) throw fail(file, line, "a code cell needs an id: write the fence as ```ts id=some-name");
      addCell({ cellType: "code", id, source: (node as Code).value, line });
      continue;
    }
    if (prose === undefined) throw fail(file, line, "prose must follow a <!-- cell: some-id --> line, so that every cell has a stable id");
    prose.end = end;
  }
  closeProse();
  if (cells.length === 0) throw fail(file, 1, "the source has no cells");
  return { file, meta, cells };
}
