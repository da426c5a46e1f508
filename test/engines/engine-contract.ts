// One contract for every ContainerEngine: the same tests run against docker, process and simulated.
// Each spec says both what a real program does (`command`) and how the simulated engine should model
// it (`simulate`), so one test exercises all three; tests that need a real program skip on the
// simulated engine with that reason.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureBaseImage,
  ensureImageFromFolder,
  isMinicloudError,
  packageRoot,
  SESSION_LABEL,
  type ContainerEngine,
  type ContainerSpec,
  type LogLine,
  waitForHttp,
} from "minicloud";
import { until } from "../support/waiting.js";

export interface ContractOptions {
  /** False for the simulated engine: it runs no program. */
  runsPrograms: boolean;
}

const node = (script: string): string[] => ["node", "-e", script];

async function run(engine: ContainerEngine, spec: ContainerSpec) {
  const created = await engine.createContainer(spec);
  await engine.startContainer(created.id);
  const exit = await engine.waitContainer(created.id);
  return { id: created.id, exit };
}

export function describeEngineContract(label: string, makeEngine: () => Promise<ContainerEngine>, options: ContractOptions): void {
  const programs = options.runsPrograms;
  /** A test that needs a real program to run; skipped, with the reason, on the simulated engine. */
  const programTest = (name: string): string => (programs ? name : `${name} (skipped: the ${label} engine runs no program)`);

  // Real engines start processes and containers: generous timeouts for a loaded 2-core machine.
  describe(`${label} engine contract`, { timeout: 60_000 }, () => {
    let engine: ContainerEngine;
    beforeAll(async () => {
      engine = await makeEngine();
      await ensureBaseImage(engine);
      await ensureImageFromFolder(engine, "minicloud/hello-service:latest", join(packageRoot(), "images", "hello-service"));
    });
    afterAll(async () => {
      await engine?.shutdown();
    });

    it("goes through created, running and exited, and is gone after remove", async () => {
      const created = await engine.createContainer({ image: "minicloud/node", command: node("setTimeout(() => {}, 300)"), simulate: { runMs: 300 } });
      expect(created.status).toBe("created");
      expect(created.exitCode).toBeNull();
      const started = await engine.startContainer(created.id);
      expect(started.status).toBe("running");
      expect(started.startedAt).not.toBeNull();
      expect(await engine.waitContainer(created.id)).toEqual({ exitCode: 0, oomKilled: false });
      const exited = await engine.inspectContainer(created.id);
      expect(exited.status).toBe("exited");
      expect(exited.finishedAt! >= exited.startedAt!).toBe(true);
      await engine.removeContainer(created.id);
      await expect(engine.inspectContainer(created.id)).rejects.toMatchObject({ name: "ContainerNotFound" });
    });

    it("reports the program's exit code", async () => {
      const { exit } = await run(engine, { image: "minicloud/node", command: node("process.exit(3)"), simulate: { runMs: 5, exitCode: 3 } });
      expect(exit).toEqual({ exitCode: 3, oomKilled: false });
    });

    it("captures stdout and stderr as timed lines, and follows them until exit", async () => {
      const { id } = await run(engine, {
        image: "minicloud/node",
        command: node("console.log('hello'); console.error('oops'); console.log('bye')"),
        simulate: { runMs: 5, output: ["hello", "bye"] },
      });
      const lines = await engine.logs(id);
      const stdout = lines.filter((l) => l.stream === "stdout").map((l) => l.text);
      expect(stdout).toEqual(["hello", "bye"]);
      if (programs) expect(lines.filter((l) => l.stream === "stderr").map((l) => l.text)).toEqual(["oops"]);
      for (const line of lines) expect(typeof line.time).toBe("number");
      const followed: LogLine[] = [];
      for await (const line of engine.followLogs(id)) followed.push(line);
      expect(followed.map((l) => l.text)).toEqual(lines.map((l) => l.text));
    });

    it.skipIf(!programs)(programTest("gives the program the image's environment plus the container's"), async () => {
      const { id } = await run(engine, {
        image: "minicloud/hello-service",
        command: node("console.log(process.env.APP_VERSION + ' ' + process.env.GREETING)"),
        env: { GREETING: "hi" },
      });
      expect((await engine.logs(id)).map((l) => l.text)).toEqual(["1 hi"]);
    });

    it.skipIf(!programs)(programTest("publishes ports: two services on the same container port, reached over HTTP"), async () => {
      const one = await engine.createContainer({ image: "minicloud/hello-service", ports: [{ containerPort: 8080 }], env: { APP_VERSION: "1" } });
      const two = await engine.createContainer({ image: "minicloud/hello-service", ports: [{ containerPort: 8080, hostPort: 0 }], env: { APP_VERSION: "2" } });
      await engine.startContainer(one.id);
      await engine.startContainer(two.id);
      const [p1, p2] = [one.ports[0]?.hostPort ?? (await engine.inspectContainer(one.id)).ports[0]!.hostPort, (await engine.inspectContainer(two.id)).ports[0]!.hostPort];
      expect(p1).not.toBe(p2);
      expect((await waitForHttp(`http://127.0.0.1:${p1}/`, { timeoutMs: 10_000 })).json()).toMatchObject({ service: "hello-service", version: "1" });
      expect((await waitForHttp(`http://127.0.0.1:${p2}/`, { timeoutMs: 10_000 })).json()).toMatchObject({ service: "hello-service", version: "2" });
      await engine.removeContainer(one.id, { force: true });
      await engine.removeContainer(two.id, { force: true });
    });

    it("kills a container that goes over its memory limit: exit 137, oomKilled", async () => {
      const { exit } = await run(engine, {
        image: "minicloud/node",
        command: node("const keep = []; setInterval(() => keep.push(Buffer.alloc(16 * 1024 * 1024, 1)), 10)"),
        memoryMiB: 64,
        simulate: { memoryMiB: 256 },
      });
      expect(exit).toEqual({ exitCode: 137, oomKilled: true });
    });

    it("stops with SIGTERM (exit 143), and kills after the grace period a program that ignores it (exit 137)", async () => {
      const polite = await engine.createContainer({ image: "minicloud/node", command: node("setInterval(() => {}, 1000)") });
      await engine.startContainer(polite.id);
      await new Promise((r) => setTimeout(r, 200));
      expect((await engine.stopContainer(polite.id, 5000)).exitCode).toBe(143);

      const stubborn = await engine.createContainer({
        image: "minicloud/node",
        command: node("process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); setInterval(() => {}, 1000)"),
        simulate: { ignoresSigterm: true },
      });
      await engine.startContainer(stubborn.id);
      if (programs) await until(async () => ((await engine.logs(stubborn.id)).some((l) => l.text === "ready") ? true : undefined));
      const stopped = await engine.stopContainer(stubborn.id, 700);
      expect(stopped.exitCode).toBe(137);
      expect(stopped.oomKilled).toBe(false);
      expect(stopped.finishedAt! - stopped.startedAt!).toBeGreaterThanOrEqual(700);
    });

    it.skipIf(!programs)(programTest("lets containers on one network reach each other by name"), async () => {
      await engine.createNetwork("contract-net");
      const api = await engine.createContainer({ image: "minicloud/hello-service", name: "contract-api", network: "contract-net", env: { GREETING: "from api" } });
      await engine.startContainer(api.id);
      const { id, exit } = await run(engine, {
        image: "minicloud/node",
        network: "contract-net",
        command: node(
          "const get = () => fetch('http://contract-api:8080/x', { signal: AbortSignal.timeout(2000) }).then(r => r.json()).then(b => console.log(b.greeting), () => setTimeout(get, 100)); get()",
        ),
      });
      expect(exit.exitCode).toBe(0);
      expect((await engine.logs(id)).map((l) => l.text)).toContain("from api");
      await engine.removeContainer(id);
      await engine.removeContainer(api.id, { force: true });
      await engine.removeNetwork("contract-net");
    });

    it.skipIf(!programs)(programTest("runs a command inside a running container, and reports its resource use"), async () => {
      const c = await engine.createContainer({ image: "minicloud/hello-service" });
      await engine.startContainer(c.id);
      const result = await engine.exec(c.id, ["node", "-e", "console.log(process.env.APP_VERSION, 6 * 7)"]);
      expect(result).toEqual({ exitCode: 0, stdout: "1 42\n", stderr: "" });
      const stats = await until(async () => {
        const s = await engine.stats(c.id);
        return s.memoryBytes > 0 ? s : undefined;
      });
      expect(stats.memoryBytes).toBeGreaterThan(1024 * 1024);
      expect(stats.cpuPercent).toBeGreaterThanOrEqual(0);
      await engine.removeContainer(c.id, { force: true });
    });

    it("pauses a container: its timers stand still until it is unpaused", async () => {
      // The program prints a tick every 20 ms; the simulated one runs 400 ms of its own time.
      const c = await engine.createContainer({ image: "minicloud/node", command: node("let n = 0; setInterval(() => console.log('tick', ++n), 20)"), simulate: { runMs: 400 } });
      await engine.startContainer(c.id);
      if (programs) await until(async () => ((await engine.logs(c.id)).length >= 2 ? true : undefined));
      await engine.pauseContainer(c.id);
      await expect(engine.pauseContainer(c.id)).rejects.toMatchObject({ name: "Conflict" });
      const frozen = (await engine.logs(c.id)).length;
      await new Promise((r) => setTimeout(r, 300));
      expect((await engine.logs(c.id)).length).toBeLessThanOrEqual(frozen + 1);
      expect((await engine.inspectContainer(c.id)).status).toBe("running");
      await engine.unpauseContainer(c.id);
      await expect(engine.unpauseContainer(c.id)).rejects.toMatchObject({ name: "Conflict" });
      if (programs) await until(async () => ((await engine.logs(c.id)).length > frozen + 2 ? true : undefined));
      await engine.removeContainer(c.id, { force: true });
    });

    it.skipIf(!programs)(programTest("reports the memory high-water mark, which stays after the memory is freed"), async () => {
      const c = await engine.createContainer({
        image: "minicloud/node",
        memoryMiB: 512,
        command: node("let big = Buffer.alloc(120 * 1024 * 1024, 1); console.log('allocated'); setTimeout(() => { big = undefined; console.log('freed'); }, 50); setInterval(() => {}, 1000)"),
      });
      await engine.startContainer(c.id);
      await until(async () => ((await engine.logs(c.id)).some((l) => l.text === "freed") ? true : undefined));
      expect(await engine.peakMemoryBytes(c.id)).toBeGreaterThan(110 * 1024 * 1024);
      await engine.removeContainer(c.id, { force: true });
    });

    it("labels what it creates with the session, keeping the caller's labels", async () => {
      const c = await engine.createContainer({ image: "minicloud/node", command: node("0"), labels: { course: "minicloud" } });
      expect(c.labels).toMatchObject({ [SESSION_LABEL]: engine.sessionId, course: "minicloud" });
      expect((await engine.listContainers()).map((x) => x.id)).toContain(c.id);
      const network = await engine.createNetwork("labelled-net");
      expect(network.labels[SESSION_LABEL]).toBe(engine.sessionId);
      await engine.removeContainer(c.id);
      await engine.removeNetwork("labelled-net");
    });

    it(programTest("shows a mounted host folder at its target inside the container"), async () => {
      if (!programs) return;
      const folder = mkdtempSync(join(tmpdir(), "minicloud-mount-"));
      try {
        writeFileSync(join(folder, "hello.txt"), "from the host");
        // A variable naming a path inside the container is that path to the program on every engine.
        const { id, exit } = await run(engine, {
          image: "minicloud/node",
          mounts: [{ source: folder, target: "/mnt/shared", readOnly: true }],
          env: { SHARED: "/mnt/shared" },
          command: node("process.stdout.write(require('fs').readFileSync(process.env.SHARED + '/hello.txt', 'utf8'))"),
        });
        expect(exit.exitCode).toBe(0);
        expect((await engine.logs(id)).map((l) => l.text).join("")).toBe("from the host");
        await engine.removeContainer(id);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it("refuses an unknown image with ImageNotFound naming it and how to build it", async () => {
      const before = (await engine.listContainers()).length;
      const error = await engine.createContainer({ image: "no-such-image:v9", command: node("0") }).catch((e: unknown) => e);
      expect(isMinicloudError(error, "ImageNotFound")).toBe(true);
      expect((error as Error).message).toContain("no-such-image:v9");
      expect((error as Error).message).toMatch(/build/);
      expect((await engine.listContainers()).length).toBe(before);
    });

    it("refuses bad limits and ports, naming the field, and leaves nothing behind", async () => {
      const before = (await engine.listContainers()).length;
      for (const [spec, field] of [
        [{ memoryMiB: 2 }, "memoryMiB"],
        [{ memoryMiB: 1.5 }, "memoryMiB"],
        [{ cpus: 0 }, "cpus"],
        [{ ports: [{ containerPort: 70000 }] }, "ports[0].containerPort"],
        [{ name: "no spaces" }, "name"],
        [{ workingDir: "app" }, "workingDir"],
        [{ mounts: [{ source: "relative/folder", target: "/data" }] }, "mounts[0].source"],
        [{ mounts: [{ source: "/tmp", target: "/" }] }, "mounts[0].target"],
      ] as [Partial<ContainerSpec>, string][]) {
        await expect(engine.createContainer({ image: "minicloud/node", ...spec })).rejects.toMatchObject({ name: "InvalidParameterValueException", field });
      }
      expect((await engine.listContainers()).length).toBe(before);
    });

    it("refuses a host port already in use, naming the port, and leaves nothing behind", async () => {
      const blocker = createServer();
      await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
      const port = (blocker.address() as { port: number }).port;
      try {
        if (!programs) await engine.createContainer({ image: "minicloud/node", ports: [{ containerPort: 80, hostPort: port }] });
        const before = (await engine.listContainers()).length;
        const error = await engine.createContainer({ image: "minicloud/node", ports: [{ containerPort: 80, hostPort: port }] }).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "PortAlreadyAllocated", field: "ports[0].hostPort" });
        expect((error as Error).message).toContain(String(port));
        expect((await engine.listContainers()).length).toBe(before);
      } finally {
        blocker.close();
      }
    });

    it("refuses a second container with the same name", async () => {
      await engine.createContainer({ image: "minicloud/node", name: "twin" });
      await expect(engine.createContainer({ image: "minicloud/node", name: "twin" })).rejects.toMatchObject({ name: "Conflict", field: "name" });
      await engine.removeContainer("twin");
    });

    it("builds an image from a Dockerfile, and the image is immutable: a container's changes stay in the container", async () => {
      const image = await engine.inspectImage("minicloud/hello-service");
      expect(image.config).toMatchObject({ cmd: ["node", "server.js"], workingDir: "/app", exposedPorts: [8080] });
      expect(image.config.env).toMatchObject({ APP_VERSION: "1", PORT: "8080" });
      if (!programs) return;
      const writer = await run(engine, { image: "minicloud/hello-service", command: node("require('fs').writeFileSync('server.js', 'changed')") });
      expect(writer.exit.exitCode).toBe(0);
      const reader = await run(engine, { image: "minicloud/hello-service", command: node("console.log(require('fs').readFileSync('server.js', 'utf8').length > 100)") });
      expect((await engine.logs(reader.id)).map((l) => l.text)).toEqual(["true"]);
    });

    it("builds a learner's Dockerfile and runs the image; an instruction the engine cannot do names its line", async () => {
      const context = mkdtempSync(join(tmpdir(), "minicloud-build-"));
      try {
        writeFileSync(join(context, "app.js"), "console.log(`${process.env.WHO} says hi`)\n");
        writeFileSync(join(context, "Dockerfile"), "FROM minicloud/node\nWORKDIR /app\nCOPY app.js .\nENV WHO=learner\nCMD [\"node\", \"app.js\"]\n");
        const built = await engine.buildImage({ context, tag: "contract-app:v1" });
        expect(built.tags).toContain("contract-app:v1");
        if (programs) {
          const { id } = await run(engine, { image: "contract-app:v1" });
          expect((await engine.logs(id)).map((l) => l.text)).toEqual(["learner says hi"]);
          await engine.removeContainer(id);
        }
        writeFileSync(join(context, "Dockerfile"), "FROM minicloud/node\nRUN echo building\nCMD [\"node\"]\n");
        if (label === "docker") {
          expect((await engine.buildImage({ context, tag: "contract-app:v2" })).tags).toContain("contract-app:v2");
        } else {
          await expect(engine.buildImage({ context, tag: "contract-app:v2" })).rejects.toThrow(/Dockerfile:2: RUN is not supported/);
        }
        writeFileSync(join(context, "Dockerfile"), "FROM minicloud/node\nCOPY missing.js /app/\n");
        await expect(engine.buildImage({ context, tag: "contract-app:v3" })).rejects.toThrow(/missing\.js/);
      } finally {
        rmSync(context, { recursive: true, force: true });
      }
    });

    it("removes every container and network of the session on shutdown", async () => {
      const session = await makeEngine();
      const c = await session.createContainer({ image: "minicloud/node", command: node("setInterval(() => {}, 1000)") });
      await session.startContainer(c.id);
      await session.createNetwork("shutdown-net");
      await session.shutdown();
      await expect(session.inspectContainer(c.id)).rejects.toMatchObject({ name: "ContainerNotFound" });
      expect(await session.listContainers()).toEqual([]);
    });
  });
}
