// The capstone lab end to end, as a class would run it: the notebook with its solutions in, headless, on
// the process engine and on Docker; every checkpoint passes and is recorded in the student's home; the
// worker image goes when the lab shuts down; `minicloud lab status` reads the records and reset removes them.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildNotebook, findLab, labStatus, packageRoot, parseCourseSource, serializeNotebook } from "minicloud";
import { chartsWithoutFallbacks, errorOutputs, type ExecutedNotebook } from "../support/notebooks.js";
import { dockerRequirement } from "../support/requirements.js";

const root = packageRoot();
const cli = join(root, "bin", "minicloud.js");
const docker = await dockerRequirement();
// Inside the project, so the kernel finds minicloud from the notebook as it does for the course's own.
const work = mkdtempSync(join(root, "notebooks", ".capstone-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const checkpoints = findLab("capstone")!.checkpoints.map((c) => c.name);

/** Whether the engine holds an image by that tag (the process engine keeps its images in the home). */
async function hasImage(engine: "process" | "docker", home: string, tag: string): Promise<boolean> {
  if (engine === "process") {
    const tags = join(home, "images", "tags.json");
    return existsSync(tags) && tag in (JSON.parse(readFileSync(tags, "utf8")) as Record<string, string>);
  }
  const { default: Docker } = await import("dockerode");
  return new Docker().getImage(tag).inspect().then(() => true, () => false);
}

async function runLab(engine: "process" | "docker"): Promise<void> {
  const file = join("notebooks", "sources", "11-capstone-lab.md");
  const source = await parseCourseSource(readFileSync(join(root, file), "utf8"), file);
  const notebook = join(work, `${engine}.ipynb`);
  writeFileSync(notebook, serializeNotebook(buildNotebook(source, { copy: "instructor" })));
  const home = mkdtempSync(join(tmpdir(), "minicloud-student-"));
  const env = { ...process.env, MINICLOUD_HOME: home, MINICLOUD_ENGINE: engine, MINICLOUD_STUDENT: `e2e-${engine}` };
  const run = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
  try {
    const output = join(work, `ran-${engine}.ipynb`);
    await run("run", notebook, "--output", output);
    const ran = JSON.parse(readFileSync(output, "utf8")) as ExecutedNotebook;
    expect(errorOutputs(ran)).toEqual([]);
    expect(chartsWithoutFallbacks(ran)).toEqual([]);
    for (const name of checkpoints) {
      const cell = ran.cells.find((c) => c.outputs?.some((o) => JSON.stringify(o).includes(`capstone/${name}`)));
      expect(JSON.stringify(cell?.outputs), name).toContain(`✓ capstone/${name}`);
    }

    // What the instructor sees: every checkpoint passed, under the student's id.
    const [status] = labStatus([{ home }], "capstone");
    expect(status?.students[0]).toMatchObject({ student: `e2e-${engine}`, passed: checkpoints.length });
    const { stdout: table } = await run("lab", "status", "--home", home);
    expect(table).toMatch(new RegExp(`e2e-${engine} .* ${checkpoints.length}/${checkpoints.length} `));
    // The notebook's last cell shut the lab down: its worker image went with it.
    expect(await hasImage(engine, home, `capstone-worker:e2e-${engine}`)).toBe(false);

    const { stdout: reset } = await run("lab", "reset", "capstone", "--home", home);
    expect(Number(/checkpoint records:\s+(\d+) forgotten/.exec(reset)?.[1])).toBeGreaterThanOrEqual(checkpoints.length);
    expect(existsSync(join(home, "labs", "capstone"))).toBe(false);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe("the capstone lab, solved, headless", { timeout: 300_000 }, () => {
  it("passes every checkpoint on the process engine and leaves no image; status shows them, reset removes them", () => runLab("process"));
  it.skipIf(docker.skip)(`passes every checkpoint on Docker and leaves no image; status shows them, reset removes them ${docker.reason}`, () => runLab("docker"));
});
