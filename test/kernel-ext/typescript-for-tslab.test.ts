import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compileFunction } from "node:vm";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";

// A kernel started from the snapshot compiles with TypeScript as typescript-for-tslab.cjs hands it to tslab.
// Its promise is that nothing about compiling changes: fed the same cells, tslab's converter must answer
// exactly what it answers with TypeScript itself, for every code cell of every course notebook and
// assignment, each carrying the previous cells' declarations as tslab's executor does.

interface Converted {
  output?: string;
  declOutput?: string;
  diagnostics: unknown[];
  hasToplevelAwait?: boolean;
  sideOutputs?: unknown[];
  lastExpressionVar?: string;
}
interface Converter {
  convert(prevDecl: string, src: string): Converted;
  addModule(name: string, src: string, meta: object): unknown[];
  close(): void;
}
type ConverterModule = { createConverter(options: object): Converter };

const root = packageRoot();
const requireFromRoot = createRequire(join(root, "package.json"));
const converterFile = requireFromRoot.resolve("tslab/dist/converter.js");
const requireFromConverter = createRequire(converterFile);
const ts = requireFromConverter("@tslab/typescript-for-tslab") as object;
const { typescriptForTslab } = requireFromRoot(join(root, "kernel-ext", "kernel-snapshot", "typescript-for-tslab.cjs")) as {
  typescriptForTslab(ts: object, hooks: { reuseParsed: () => undefined; onProgram: () => void }): object;
};

/** tslab's converter module, evaluated afresh with `typescript` for the TypeScript it requires. */
function converterWith(typescript: object): ConverterModule {
  const module = { exports: {} };
  const requireHere = (id: string): unknown => (id === "@tslab/typescript-for-tslab" ? typescript : requireFromConverter(id));
  compileFunction(readFileSync(converterFile, "utf8"), ["exports", "require", "module", "__filename", "__dirname"], { filename: converterFile })(
    module.exports,
    requireHere,
    module,
    converterFile,
    dirname(converterFile),
  );
  return module.exports as ConverterModule;
}

const { getCodeMetadata } = requireFromConverter("./metadata") as { getCodeMetadata(src: string): { module?: string; mode?: string } };

/** The code cells of a notebook. */
function codeCells(file: string): string[] {
  const notebook = JSON.parse(readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return notebook.cells.filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source));
}

/** Cells no course notebook has, in the shapes TypeScript's emit treats apart. */
const EDGE_CASES = [
  "/** @module helper */\nexport const twice = (n: number): number => n * 2;",
  'import { twice } from "./helper";\ntwice(21)',
  "twice(2)",
  "let counter = 0;\ncounter += 1;\ncounter",
  'const counter = "declared again";\ncounter',
  "declare global {\n  var fromCell: number;\n}\nglobalThis.fromCell = twice(1);",
  "class Point {\n  constructor(public x: number) {}\n}\nnew Point(1)",
  "enum Color { Red, Green }\nColor.Green",
  'const path = await import("node:path");\npath.sep',
  'import * as fs from "node:fs";\nimport os, { EOL } from "node:os";\n[typeof fs.readFileSync, typeof os.cpus, EOL.length]',
  "function* numbers() {\n  yield 1;\n}\nconst { a, ...rest } = { a: 1, b: [...numbers()] };\nrest",
  "namespace Shapes {\n  export const sides = 4;\n}\nShapes.sides",
  "let late: number;\nlate = 5;\nfor (let i = 0; i < 2; i++) setTimeout(() => late + i, 0);",
  "@((target: unknown) => target)\nclass Decorated {}\nconst enum Size { Small = 1 }\n[typeof Decorated, Size.Small]",
  'import type { Cloud } from "minicloud";\nlet cloud: Cloud | undefined;\nexport const exported = 1;\ncloud === undefined',
  "abstract class Shape {\n  static count = 0;\n  static {\n    Shape.count++;\n  }\n  abstract area(): number;\n}\nShape.count",
  "const wrong: number = 'seven';",
];

/**
 * An exported enum or namespace: TypeScript compiling to CommonJS in one go exports it after its body, and
 * converting the ES module it emitted, before its body and again as the body starts (`X || (exports.X = X =
 * {})`). Either way `exports.X` is the object the body filled: this reads both as the first.
 */
function exportedAfterBody(js: string | undefined): string | undefined {
  return js?.replace(/^exports\.(\w+) = \1;\n(\(function \(\1\) \{\n[\s\S]*?\n\}\)\(\1 \|\| \()exports\.\1 = (\1 = \{\}\)\);)$/gm, "$2$3\nexports.$1 = $1;");
}

function comparable(converted: Converted): Converted {
  return { ...converted, output: exportedAfterBody(converted.output) };
}

const corpora: [string, string[]][] = [
  ...readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).map((f): [string, string[]] => [`notebooks/${f}`, codeCells(join(root, "notebooks", f))]),
  ...readdirSync(join(root, "assignments"))
    .map((a): [string, string] => [`assignments/${a}`, join(root, "assignments", a, "instructor", `${a}.ipynb`)])
    .filter(([, instructor]) => existsSync(instructor))
    .map(([name, instructor]): [string, string[]] => [name, codeCells(instructor)]),
  ["edge cases", EDGE_CASES],
];

describe("TypeScript for tslab, as kernels started from the snapshot compile", () => {
  const plain = converterWith(ts).createConverter({ isJS: false, isBrowser: false });
  const wrapped = converterWith(typescriptForTslab(ts, { reuseParsed: () => undefined, onProgram: () => undefined })).createConverter({ isJS: false, isBrowser: false });

  it.each(corpora)("compiles every cell of %s exactly as TypeScript itself", (_, cells) => {
    let prevDecl = "";
    let compiled = 0;
    for (const src of cells) {
      // What tslab's executor does with a cell: a module cell is added as a module, a browser cell is not compiled.
      const meta = getCodeMetadata(src);
      if (meta.module !== undefined) {
        expect(wrapped.addModule(meta.module, src, meta), src).toEqual(plain.addModule(meta.module, src, meta));
        continue;
      }
      if (meta.mode === "browser") continue;
      const expected = plain.convert(prevDecl, src);
      expect(comparable(wrapped.convert(prevDecl, src)), src).toEqual(comparable(expected));
      if (expected.diagnostics.length === 0) {
        prevDecl = expected.declOutput ?? "";
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(0);
  }, 120_000);
});
