import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { buildCourseImage, buildLocalCourseBase } from "../support/course-image.js";
import { http } from "../support/http.js";
import { dockerRequirement, inCI } from "../support/requirements.js";
import { startServerKernel } from "../support/server-kernel.js";
import { until } from "../support/waiting.js";

// The course image an instructor runs for a class, built here with no registry (see course-image.ts).
const run = promisify(execFile);
const docker = inCI ? await dockerRequirement() : { skip: true, reason: "(builds an image of some 600 MB: runs only in CI, CI=true)" };

const CELL = `
import { Cloud } from "minicloud";
const cloud = await Cloud.start();
await cloud.lambda.createFunction({ FunctionName: "hello", Runtime: "nodejs20.x", Handler: "index.handler",
  Code: { Source: 'exports.handler = async (event) => "Hello, " + event.name;' } });
const answer = (await cloud.lambda.invoke({ FunctionName: "hello", Payload: { name: "class" } })).Payload!.transformToString();
await cloud.shutdown();
console.log(JSON.stringify({ engine: cloud.engine.name, answer, user: process.env.USER ?? process.getuid!() }));
`;

describe.skipIf(docker.skip)(`the course image (deploy/course-image) ${docker.reason}`, () => {
  const suffix = randomBytes(4).toString("hex");
  const base = `minicloud-test/course-base:${suffix}`;
  const course = `minicloud-test/course:${suffix}`;
  const token = randomBytes(16).toString("hex");
  let container = "";

  afterAll(async () => {
    if (container) await run("docker", ["rm", "-f", container]);
    await run("docker", ["rmi", "-f", course, base]).catch(() => undefined);
  });

  it("builds offline, serves Jupyter on the mapped port with the minicloud kernel, and runs a Lambda function", async () => {
    const started = Date.now();
    await buildLocalCourseBase(base);
    const baseBuilt = Date.now();
    await buildCourseImage(packageRoot(), course, base);
    console.log(`course image: local base ${((baseBuilt - started) / 1000).toFixed(1)} s, image ${((Date.now() - baseBuilt) / 1000).toFixed(1)} s`);

    container = (await run("docker", ["run", "-d", "-p", "127.0.0.1::8888", "-e", `JUPYTER_TOKEN=${token}`, course])).stdout.trim();
    const mapped = (await run("docker", ["port", container, "8888/tcp"])).stdout.trim().split("\n")[0]!;
    const server = `http://${mapped}/`;
    const specs = await until(async () => {
      const answer = await http(`${server}api/kernelspecs`, { headers: { Authorization: `token ${token}` } });
      return answer.status === 200 ? answer.json<{ kernelspecs: Record<string, { spec: { display_name: string } }> }>() : undefined;
    }, 60_000, 250);
    expect(specs.kernelspecs["minicloud"]?.spec.display_name).toBe("TypeScript (minicloud)");
    expect((await http(`${server}api/kernelspecs`)).status).toBe(403);

    const kernel = await startServerKernel(server, token, "minicloud", "00-welcome.ipynb");
    try {
      const cell = await kernel.execute(CELL);
      expect(cell.status, `${cell.error ?? ""}\n${cell.stderr}`).toBe("ok");
      expect(JSON.parse(cell.stdout.trim().split("\n").at(-1)!)).toEqual({ engine: "process", answer: JSON.stringify("Hello, class"), user: 1000 });
    } finally {
      await kernel.shutdown();
    }
  });
});
