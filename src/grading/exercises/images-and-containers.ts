// Exercises of notebook 02-images-and-containers: run a service from an image with settings of your
// own, write a Dockerfile, and predict what an image's immutability means.
import { mkdtempSync, copyFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../core/package-root.js";
import type { ContainerSpec } from "../../engines/types.js";
import { verdict, type CheckResult } from "../check-result.js";
import { answerValue } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";
import { fetchJson, withCloud } from "./container-sandbox.js";

const SPEC_TITLE = "Run version 2 of hello-service, in French";
const SPEC_HINT = "Settings that change per run (version, greeting) go in env; the memory limit is memoryMiB, in MiB; reaching it from your machine needs a published port.";

async function checkSpec(answer: unknown): Promise<CheckResult> {
  const spec = (await answerValue(answer)) as ContainerSpec;
  const id = "02-hello-v2-spec";
  const problems: string[] = [];
  if (typeof spec !== "object" || spec === null) return verdict(id, SPEC_TITLE, false, "Pass a container spec object, e.g. { image: ..., env: {...} }.", SPEC_HINT, 1);
  if (!String(spec.image ?? "").startsWith("minicloud/hello-service")) problems.push(`image is ${JSON.stringify(spec.image)}, not minicloud/hello-service`);
  // A learner who knows Docker writes `memory` (or `Memory`): say which field a spec reads instead of only "undefined".
  const memoryLike = Object.keys(spec).find((key) => key !== "memoryMiB" && /mem/i.test(key));
  if (spec.memoryMiB !== 64) problems.push(`memoryMiB is ${JSON.stringify(spec.memoryMiB)}, not 64${spec.memoryMiB === undefined && memoryLike ? ` (a container spec reads its memory limit from memoryMiB, not ${memoryLike})` : ""}`);
  if (!(spec.ports ?? []).some((p) => p.containerPort === 8080)) problems.push("no port publishes the container's port 8080");
  if (problems.length > 0) return verdict(id, SPEC_TITLE, false, `Not yet: ${problems.join("; ")}.`, SPEC_HINT, 3);
  return withCloud(async (engine) => {
    if (engine.name === "simulated") return verdict(id, SPEC_TITLE, true, "The spec has everything (the simulated engine cannot run it to be sure).", SPEC_HINT, 3);
    const container = await engine.createContainer(spec);
    await engine.startContainer(container.id);
    const port = (await engine.inspectContainer(container.id)).ports.find((p) => p.containerPort === 8080)!.hostPort;
    const body = await fetchJson(engine, container.id, port);
    const wrong: string[] = [];
    if (body["version"] !== "2") wrong.push(`it says version ${JSON.stringify(body["version"])}`);
    if (body["greeting"] !== "bonjour") wrong.push(`it greets with ${JSON.stringify(body["greeting"])}`);
    return wrong.length === 0
      ? verdict(id, SPEC_TITLE, true, `Your container answered on port ${port}: version 2, "bonjour".`, SPEC_HINT, 5)
      : verdict(id, SPEC_TITLE, false, `The service ran, but ${wrong.join(" and ")}; expected version "2" and greeting "bonjour".`, SPEC_HINT, 5);
  });
}

const DOCKERFILE_TITLE = "A Dockerfile for a three-item batch job";
const DOCKERFILE_HINT = "Model it on hello-service's Dockerfile above: the image must hold worker.js before its command can run it, and a setting the container must not have to give belongs in the image.";

async function checkDockerfile(answer: unknown): Promise<CheckResult> {
  const id = "02-dockerfile";
  const dockerfile = await answerValue(answer);
  if (typeof dockerfile !== "string") return verdict(id, DOCKERFILE_TITLE, false, "Pass your Dockerfile as a string.", DOCKERFILE_HINT, 0);
  const context = mkdtempSync(join(tmpdir(), "minicloud-exercise-"));
  try {
    copyFileSync(join(packageRoot(), "images", "batch-worker", "worker.js"), join(context, "worker.js"));
    writeFileSync(join(context, "Dockerfile"), dockerfile);
    return await withCloud(async (engine) => {
      try {
        await engine.buildImage({ context, tag: "exercise-batch:latest" });
      } catch (error) {
        return verdict(id, DOCKERFILE_TITLE, false, `The image did not build: ${(error as Error).message}`, DOCKERFILE_HINT, 1);
      }
      if (engine.name === "simulated") return verdict(id, DOCKERFILE_TITLE, true, "The image builds (the simulated engine cannot run it).", DOCKERFILE_HINT, 1);
      const container = await engine.createContainer({ image: "exercise-batch:latest" });
      await engine.startContainer(container.id);
      const exit = await engine.waitContainer(container.id);
      const lines = (await engine.logs(container.id)).map((l) => l.text);
      await engine.removeImage("exercise-batch:latest").catch(() => undefined);
      if (exit.exitCode === 0 && lines.includes("processed 3 items")) {
        return verdict(id, DOCKERFILE_TITLE, true, "It builds, runs, processes 3 items and exits with code 0.", DOCKERFILE_HINT, 3);
      }
      // A crash prints a stack whose last lines say little ("Node.js v20..."): its error line says what went wrong.
      // The process engine runs the container on a copy of its files on the host, so paths name that copy's
      // folder (…/containers/<id>/rootfs/app/worker.js): show them as the container sees them (/app/worker.js).
      const errorLine = lines.find((line) => /^\s*\w*Error\b/.test(line))?.replace(/\/[^\s'"]*\/rootfs(?=\/)/g, "");
      const printed = errorLine ?? (lines.slice(-3).join(" | ") || "(nothing)");
      return verdict(id, DOCKERFILE_TITLE, false, `It ran and exited with code ${exit.exitCode}, printing: ${printed}.`, DOCKERFILE_HINT, 3);
    });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

const PREDICT_TITLE = "Predict: does a second container see the first one's file?";

async function checkImmutability(answer: unknown): Promise<CheckResult> {
  const id = "02-immutable-predict";
  const prediction = await answerValue(answer);
  if (typeof prediction !== "boolean") return verdict(id, PREDICT_TITLE, false, "Answer true or false.", "", 0);
  return withCloud(async (engine) => {
    let seen = false;
    if (engine.name !== "simulated") {
      const writer = await engine.createContainer({ image: "minicloud/hello-service", command: ["node", "-e", "require('fs').writeFileSync('/app/note.txt', 'hi')"] });
      await engine.startContainer(writer.id);
      await engine.waitContainer(writer.id);
      const reader = await engine.createContainer({ image: "minicloud/hello-service", command: ["node", "-e", "console.log(require('fs').existsSync('/app/note.txt'))"] });
      await engine.startContainer(reader.id);
      await engine.waitContainer(reader.id);
      seen = (await engine.logs(reader.id)).some((l) => l.text === "true");
    }
    const why = "Each container starts from the image's files and writes to its own copy; the image never changes.";
    return prediction === seen
      ? verdict(id, PREDICT_TITLE, true, `Right: the second container ${seen ? "sees" : "does not see"} the file. ${why}`, "", 1)
      : verdict(id, PREDICT_TITLE, false, `minicloud ran it: the second container ${seen ? "sees" : "does not see"} the file.`, why, 1);
  });
}

export const imagesAndContainersExercises: Exercise[] = [
  { id: "02-hello-v2-spec", title: SPEC_TITLE, check: checkSpec },
  { id: "02-dockerfile", title: DOCKERFILE_TITLE, check: checkDockerfile },
  { id: "02-immutable-predict", title: PREDICT_TITLE, check: checkImmutability },
];
