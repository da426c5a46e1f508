import type { CourseSource } from "./course-source.js";

function lines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== "");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** An nbformat 4.5 notebook built from a course source: empty outputs, stable ids, the minicloud kernel. */
export function buildNotebook(source: CourseSource): object {
  const kernel = source.meta.kernel ?? "minicloud";
  return {
    cells: source.cells.map((cell) =>
      cell.cellType === "code"
        ? { cell_type: "code", execution_count: null, id: cell.id, metadata: {}, outputs: [], source: lines(cell.source) }
        : { cell_type: "markdown", id: cell.id, metadata: {}, source: lines(cell.source) },
    ),
    metadata: {
      kernelspec: { display_name: kernel === "minicloud" ? "TypeScript (minicloud)" : kernel, language: "typescript", name: kernel },
      language_info: { file_extension: ".ts", mimetype: "text/typescript", name: "typescript" },
      minicloud: {
        title: source.meta.title,
        ...(source.meta.objectives ? { objectives: source.meta.objectives } : {}),
        ...(source.meta.time ? { time: source.meta.time } : {}),
        ...(source.meta.prerequisites ? { prerequisites: source.meta.prerequisites } : {}),
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The notebook's bytes, as Jupyter writes them (sorted keys, one-space indent, trailing newline): building twice gives the same file. */
export function serializeNotebook(notebook: object): string {
  return JSON.stringify(sortKeys(notebook), null, 1) + "\n";
}
