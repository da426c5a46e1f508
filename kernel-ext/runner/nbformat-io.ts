import { readFileSync, writeFileSync } from "node:fs";
import { serializeNotebook } from "minicloud";

/** An output as nbformat 4 stores it. */
export type NotebookOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string | string[] }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; execution_count: number | null; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A cell as nbformat 4 stores it. */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  execution_count?: number | null;
  outputs?: NotebookOutput[];
}

/** A notebook as nbformat 4 stores it. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Joins nbformat's multiline strings (stored as lists of lines). */
export function joinText(text: string | string[]): string {
  return Array.isArray(text) ? text.join("") : text;
}

/** Splits text into lines that keep their "\n", as nbformat stores multiline strings. */
export function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((line) => line !== "");
}

/** Reads a notebook, refusing (with the file's name and what is wrong) anything that is not nbformat 4. */
export function readNotebook(path: string): Notebook {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not a notebook — it is not valid JSON (${(error as Error).message}).`);
  }
  const nb = parsed as Partial<Notebook>;
  if (typeof nb !== "object" || nb === null || nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`${path}: not an nbformat 4 notebook (found nbformat ${JSON.stringify((nb as { nbformat?: unknown })?.nbformat)}); open and save it in Jupyter to upgrade it.`);
  }
  for (const [i, cell] of nb.cells.entries()) {
    if (typeof cell !== "object" || cell === null || !["code", "markdown", "raw"].includes(cell.cell_type) || cell.source === undefined) {
      throw new Error(`${path}: cell ${i + 1} is not a valid notebook cell (it needs a cell_type and a source).`);
    }
  }
  return nb as Notebook;
}

/** JSON-valued MIME types stay objects; every other value is text, stored as lines. */
function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

function storeData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([mime, value]) => [mime, !isJsonMime(mime) && typeof value === "string" ? splitLines(value) : value]));
}

/** An output in the form nbformat writes to disk. */
export function storedOutput(output: NotebookOutput): NotebookOutput {
  switch (output.output_type) {
    case "stream":
      return { ...output, text: splitLines(joinText(output.text)) };
    case "display_data":
    case "execute_result":
      return { ...output, data: storeData(output.data) };
    default:
      return output;
  }
}

/** Writes a notebook as Jupyter does (keys sorted, one-space indent, trailing newline), so diffs stay small. */
export function writeNotebook(path: string, notebook: Notebook): void {
  writeFileSync(path, serializeNotebook(notebook));
}

/**
 * Merges consecutive stream outputs of the same name and applies carriage returns (a progress line
 * rewritten in place keeps only its last state), as Jupyter does when it saves a notebook.
 */
export function coalesceStreams(outputs: NotebookOutput[]): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinText(last.text) + joinText(output.text) };
    } else {
      merged.push(output);
    }
  }
  return merged.map((o) => (o.output_type === "stream" && joinText(o.text).includes("\r") ? { ...o, text: joinText(o.text).replace(/.*\r(?=[^\n])/g, "") } : o));
}
