import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";

/** Compiles `source` as if it were a file in test/ (held in memory), resolving as a notebook kernel (tslab) does: Node10, the built declarations. */
function compile(source: string): ts.Program {
  const file = join(packageRoot(), "test", "ecs-types-probe.ts");
  const options: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = ((exists) => (name: string) => name === file || exists(name))(host.fileExists.bind(host));
  return ts.createProgram([file], options, host);
}

describe("ECS's shapes in minicloud's declarations", () => {
  it("are the very types @aws-sdk/client-ecs exports, under their SDK names", () => {
    const names = ["Task", "TaskDefinition", "RegisterTaskDefinitionRequest", "Service", "CreateServiceRequest", "ContainerDefinition", "RunTaskRequest", "PlacementStrategy", "Cluster", "ContainerInstance"];
    const program = compile(
      [
        'import type * as Sdk from "@aws-sdk/client-ecs";',
        'import type * as Ours from "../src/ecs/ecs-types.js";',
        "type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
        ...names.map((n) => `export const same${n}: Same<Ours.${n}, Sdk.${n}> = true;`),
      ].join("\n"),
    );
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  });

  it("leave the SDK's client, its commands and the Smithy runtime out of what a kernel loads for `import ... from \"minicloud\"`", () => {
    const program = compile('import * as minicloud from "minicloud";\nexport const m = minicloud;');
    const loaded = program.getSourceFiles().map((f) => f.fileName);
    expect(loaded.some((f) => f.endsWith("dist/src/index.d.ts")), "minicloud's built declarations (npm run build)").toBe(true);
    expect(loaded.filter((f) => /client-ecs\/dist-types\/(index|ECSClient|commands\/)|@smithy\/core\//.test(f))).toEqual([]);
  });
});
