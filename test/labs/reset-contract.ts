// `minicloud lab reset` on every engine that runs programs: the same test runs on the process engine
// (unit project) and on Docker (e2e project, never skipped in CI).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Cloud, defineLab, ensureBaseImage, findLab, packageRoot, passed, startLab, type LabSession } from "minicloud";
import { labFolder, readCheckpointRecords } from "../../src/labs/checkpoint-records.js";
import { objectsOfSession } from "../support/session-objects.js";
import { until } from "../support/waiting.js";

const OTHER_LAB = "reset-test-other";
if (!findLab(OTHER_LAB)) defineLab({ name: OTHER_LAB, title: "Another lab", checkpoints: [{ name: "ran", title: "It ran", verify: async () => passed("it ran") }] });

/** Runs `fn` as a student: their home and id, as a notebook kernel of theirs would have them. */
async function as<T>(home: string, student: string, fn: () => Promise<T>): Promise<T> {
  const before = { home: process.env["MINICLOUD_HOME"], student: process.env["MINICLOUD_STUDENT"] };
  process.env["MINICLOUD_HOME"] = home;
  process.env["MINICLOUD_STUDENT"] = student;
  try {
    return await fn();
  } finally {
    process.env["MINICLOUD_HOME"] = before.home;
    if (before.student === undefined) delete process.env["MINICLOUD_STUDENT"];
    else process.env["MINICLOUD_STUDENT"] = before.student;
  }
}

/** A container that runs until stopped, from the session's engine. */
async function runForever(cloud: Cloud, image = "minicloud/node"): Promise<string> {
  const c = await cloud.engine.createContainer({ image, command: ["node", "-e", "setInterval(() => {}, 1000)"] });
  await cloud.engine.startContainer(c.id);
  return c.id;
}

/** The capstone's first resources, a labelled image, and a service of one task running it. */
async function capstoneWithService(lab: LabSession, context: string): Promise<string> {
  const { cloud } = lab;
  await ensureBaseImage(cloud.engine);
  const tag = lab.imageTag("reset-probe");
  await cloud.engine.buildImage({ context, tag, labels: lab.imageLabels });
  await cloud.s3.createBucket({ Bucket: "capstone-reports" });
  const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "capstone-jobs-dlq" });
  const { QueueArn } = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes;
  await cloud.sqs.createQueue({ QueueName: "capstone-jobs", Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: QueueArn, maxReceiveCount: 3 }) } });
  expect((await lab.checkpoint("bucket-and-queue")).passed).toBe(true);
  await cloud.ecs.createCluster({ clusterName: "capstone" });
  await cloud.ecs.launchContainerInstances({ cluster: "capstone", count: 1 });
  await cloud.ecs.registerTaskDefinition({ family: "probe", containerDefinitions: [{ name: "probe", image: tag, memory: 64, stopTimeout: 2 }] });
  await cloud.ecs.createService({ cluster: "capstone", serviceName: "workers", taskDefinition: "probe", desiredCount: 1 });
  await cloud.ecs.waitUntilServicesStable({ cluster: "capstone", services: ["workers"] });
  return tag;
}

export function labResetContract(engine: "process" | "docker"): void {
  describe(`minicloud lab reset on the ${engine} engine`, { timeout: 180_000 }, () => {
    it("ends one student's lab — its session, service, containers, image and checkpoints — and nothing else", async () => {
      const root = mkdtempSync(join(tmpdir(), "minicloud-reset-"));
      const alice = join(root, "alice");
      const bob = join(root, "bob");
      writeFileSync(join(root, "Dockerfile"), 'FROM minicloud/node\nCMD ["node", "-e", "setInterval(() => {}, 1000)"]\n');
      const sessions: Cloud[] = [];
      try {
        // Alice has the capstone lab, another lab and a course notebook open; Bob has the capstone lab.
        const aliceLab = await as(alice, "alice", () => startLab("capstone", { engine }));
        sessions.push(aliceLab.cloud);
        const aliceImage = await as(alice, "alice", () => capstoneWithService(aliceLab, root));
        const otherLab = await as(alice, "alice", () => startLab(OTHER_LAB, { engine }));
        sessions.push(otherLab.cloud);
        const otherContainer = await runForever(otherLab.cloud);
        await as(alice, "alice", () => otherLab.checkpoint("ran"));
        const course = await as(alice, "alice", () => Cloud.start({ engine }));
        sessions.push(course);
        const courseContainer = await runForever(course);
        const bobLab = await as(bob, "bob", () => startLab("capstone", { engine }));
        sessions.push(bobLab.cloud);
        const bobImage = await as(bob, "bob", () => capstoneWithService(bobLab, root));
        expect(await objectsOfSession(aliceLab.cloud.sessionId)).not.toEqual([]);

        // From another process, as the student (or the instructor as the student) would run it.
        const { stdout } = await promisify(execFile)(process.execPath, [join(packageRoot(), "bin", "minicloud.js"), "lab", "reset", "capstone", "--home", alice], { cwd: packageRoot() });
        expect(stdout).toContain("sessions ended:        1 (1 shut themselves down)");
        expect(stdout).toContain(`images removed:        1 (${aliceImage})`);
        expect(stdout).toContain("checkpoint records:    1 forgotten");

        // Alice's capstone session shut itself down: nothing of it is left, and its service did not come back.
        await until(async () => (aliceLab.cloud.running ? undefined : true), 10_000);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(await objectsOfSession(aliceLab.cloud.sessionId)).toEqual([]);
        await expect(course.engine.inspectImage(aliceImage)).rejects.toMatchObject({ name: "ImageNotFound" });
        expect(existsSync(labFolder(alice, "capstone"))).toBe(false);
        expect((await aliceLab.checkpoint("bucket-and-queue")).message).toMatch(/session has ended/);

        // Everything else is as it was.
        expect(otherLab.cloud.running && course.running && bobLab.cloud.running).toBe(true);
        expect((await otherLab.cloud.engine.inspectContainer(otherContainer)).status).toBe("running");
        expect((await course.engine.inspectContainer(courseContainer)).status).toBe("running");
        expect(readCheckpointRecords(alice, OTHER_LAB)).toHaveLength(1);
        expect(readCheckpointRecords(bob, "capstone")).toHaveLength(1);
        expect((await bobLab.cloud.engine.inspectImage(bobImage)).tags).toContain(bobImage);
        const [workers] = (await bobLab.cloud.ecs.describeServices({ cluster: "capstone", services: ["workers"] })).services;
        expect(workers?.runningCount).toBe(1);
      } finally {
        await Promise.all(sessions.map((s) => s.shutdown()));
        // Bob's image goes with his own reset.
        await promisify(execFile)(process.execPath, [join(packageRoot(), "bin", "minicloud.js"), "lab", "reset", "capstone", "--home", bob], { cwd: packageRoot() });
        rmSync(root, { recursive: true, force: true });
      }
    });

    it("starting a lab again ends the student's earlier session of it, which then leaves nothing behind", async () => {
      const home = mkdtempSync(join(tmpdir(), "minicloud-restart-"));
      try {
        const first = await as(home, "carol", () => startLab(OTHER_LAB, { engine }));
        await runForever(first.cloud);
        const second = await as(home, "carol", () => startLab(OTHER_LAB, { engine }));
        expect(first.cloud.running).toBe(false);
        expect(await objectsOfSession(first.cloud.sessionId)).toEqual([]);
        expect(second.cloud.running).toBe(true);
        await second.shutdown();
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });

    it("shutting a lab down removes the images it built for that student, and not another's", async () => {
      const root = mkdtempSync(join(tmpdir(), "minicloud-images-"));
      writeFileSync(join(root, "Dockerfile"), 'FROM minicloud/node\nCMD ["node", "-e", "0"]\n');
      const build = async (lab: LabSession): Promise<string> => {
        await ensureBaseImage(lab.cloud.engine);
        const tag = lab.imageTag("image-probe");
        await lab.cloud.engine.buildImage({ context: root, tag, labels: lab.imageLabels });
        return tag;
      };
      const erin = await as(join(root, "erin"), "erin", () => startLab(OTHER_LAB, { engine }));
      const frank = await as(join(root, "frank"), "frank", () => startLab(OTHER_LAB, { engine }));
      try {
        const erinImage = await build(erin);
        const frankImage = await build(frank);
        await erin.shutdown();
        await expect(frank.cloud.engine.inspectImage(erinImage)).rejects.toMatchObject({ name: "ImageNotFound" });
        expect((await frank.cloud.engine.inspectImage(frankImage)).tags).toContain(frankImage);
      } finally {
        await Promise.all([erin.shutdown(), frank.shutdown()]);
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
}
