import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, type InvokeResponse } from "minicloud";

const json = (r: InvokeResponse): any => JSON.parse(r.Payload!.transformToString());
const codeFolders = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith("minicloud-code-"));

describe("TypeScript handlers (process engine)", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  let folder: string;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    folder = mkdtempSync(join(tmpdir(), "ts-handler-"));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await cloud?.shutdown();
  });

  it("runs a handler typed with @types/aws-lambda, given as a folder with a local import, unchanged", async () => {
    const dir = join(folder, "s3");
    mkdirSync(join(dir, "lib"), { recursive: true });
    writeFileSync(join(dir, "lib", "keys.ts"), "export const keysOf = (records: { s3: { object: { key: string } } }[]): string[] => records.map((r) => r.s3.object.key);\n");
    writeFileSync(
      join(dir, "index.ts"),
      `import type { S3Event, Context } from "aws-lambda";
import { keysOf } from "./lib/keys";

interface Answer { keys: string[]; requestId: string }

export const handler = async (event: S3Event, context: Context): Promise<Answer> => {
  const keys: string[] = keysOf(event.Records);
  console.log("keys", keys.length);
  return { keys, requestId: context.awsRequestId };
};
`,
    );
    await cloud.lambda.createFunction({ FunctionName: "s3-keys", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Directory: dir } });
    const event = { Records: [{ s3: { object: { key: "a.txt" } } }, { s3: { object: { key: "b.txt" } } }] };
    const response = await cloud.lambda.invoke({ FunctionName: "s3-keys", Payload: event, LogType: "Tail" });
    expect(response.FunctionError).toBeUndefined();
    expect(json(response).keys).toEqual(["a.txt", "b.txt"]);
    expect(Buffer.from(response.LogResult!, "base64").toString()).toContain("\tINFO\tkeys 2");
  });

  it("compiles source text named index.ts, and an ES module (.mts) handler", async () => {
    await cloud.lambda.createFunction({
      FunctionName: "typed-source",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { FileName: "index.ts", Source: "enum Size { Small = 1, Large = 2 }\nexport const handler = async (event: { big?: boolean }): Promise<number> => (event.big ? Size.Large : Size.Small);\n" },
    });
    expect(json(await cloud.lambda.invoke({ FunctionName: "typed-source", Payload: { big: true } }))).toBe(2);
    await cloud.lambda.createFunction({
      FunctionName: "typed-esm",
      Runtime: "nodejs20.x",
      Handler: "app.handler",
      Code: { FileName: "app.mts", Source: "export async function handler(): Promise<string> { return import.meta.url.endsWith('/app.mjs') ? 'esm' : import.meta.url; }\n" },
    });
    expect(json(await cloud.lambda.invoke({ FunctionName: "typed-esm" }))).toBe("esm");
  });

  it("leaves @aws-sdk imports to the runtime's SDK, as AWS recommends: the bundle stays small and runs", async () => {
    await cloud.s3.createBucket({ Bucket: "typed-bucket" });
    await cloud.s3.putObject({ Bucket: "typed-bucket", Key: "greeting.txt", Body: "typed hello" });
    const created = await cloud.lambda.createFunction({
      FunctionName: "typed-s3",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: {
        FileName: "index.ts",
        Source: `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
const s3 = new S3Client({});
export const handler = async (): Promise<string> => {
  const object = await s3.send(new GetObjectCommand({ Bucket: "typed-bucket", Key: "greeting.txt" }));
  return object.Body!.transformToString();
};
`,
      },
    });
    // The S3 client alone is hundreds of kilobytes: bundled, it would dwarf the handler.
    expect(created.CodeSize).toBeLessThan(20_000);
    expect(json(await cloud.lambda.invoke({ FunctionName: "typed-s3" }))).toBe("typed hello");
  });

  it("refuses code that does not compile at CreateFunction, naming file, line and column, and leaves nothing behind", async () => {
    const before = codeFolders().length;
    const attempt = cloud.lambda.createFunction({
      FunctionName: "broken",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { FileName: "index.ts", Source: "export const handler = async () => {\n  const total: number = 1 +;\n  return total;\n};\n" },
    });
    await expect(attempt).rejects.toMatchObject({ name: "InvalidParameterValueException", field: "Code.Source" });
    await expect(attempt).rejects.toThrow(/index\.ts:2:28: Unexpected ";"\n {4}  const total: number = 1 \+;\n {31}\^/);
    expect((await cloud.lambda.listFunctions()).Functions.map((f) => f.FunctionName)).not.toContain("broken");
    expect(codeFolders().length).toBeLessThanOrEqual(before);
  });

  it("refuses an update whose import cannot be found, and keeps the code that runs", async () => {
    await expect(
      cloud.lambda.updateFunctionCode({ FunctionName: "typed-source", Code: { FileName: "index.ts", Source: 'import { x } from "./missing";\nexport const handler = async () => x;\n' } }),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", message: expect.stringContaining('index.ts:1:19: Could not resolve "./missing"') });
    expect(json(await cloud.lambda.invoke({ FunctionName: "typed-source", Payload: {} }))).toBe(1);
  });

  it("compiles nothing outside the package, whatever the Handler names", async () => {
    writeFileSync(join(folder, "outside.ts"), "export const handler = async () => 'outside';\n");
    const dir = join(folder, "inside");
    mkdirSync(dir);
    writeFileSync(join(dir, "index.ts"), "export const handler = async () => 'inside';\n");
    await cloud.lambda.createFunction({ FunctionName: "escape", Runtime: "nodejs20.x", Handler: "../outside.handler", Code: { Directory: dir } });
    expect(readdirSync(folder)).not.toContain("outside.js");
    expect(json(await cloud.lambda.invoke({ FunctionName: "escape" }))).toMatchObject({ errorType: "Runtime.MalformedHandlerName" });
  });

  it("leaves a JavaScript handler beside a .ts file alone (the .js is what runs)", async () => {
    const dir = join(folder, "both");
    mkdirSync(dir);
    writeFileSync(join(dir, "index.js"), "exports.handler = async () => 'js';\n");
    writeFileSync(join(dir, "index.ts"), "this is not TypeScript at all\n");
    await cloud.lambda.createFunction({ FunctionName: "both", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Directory: dir } });
    expect(json(await cloud.lambda.invoke({ FunctionName: "both" }))).toBe("js");
  });
});
