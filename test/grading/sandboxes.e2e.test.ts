import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { createDockerSandbox, createProcessSandbox, DEFAULT_LIMITS, processIsolation, type Sandbox } from "../../kernel-ext/grader/index.js";
import { connectKernelClient, type KernelClient } from "../../kernel-ext/runner/kernel-client.js";
import type { KernelProcess } from "../../kernel-ext/runner/kernel-process.js";
import { processesWith } from "../support/processes.js";
import { dockerRequirement } from "../support/requirements.js";

/** Runs one cell; answers its status, stdout and error. */
async function run(client: KernelClient, code: string): Promise<{ status: string; stdout: string; error: string }> {
  let stdout = "";
  let error = "";
  const { reply } = await client.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false }, (m) => {
    const content = m.content as { name?: string; text?: string; ename?: string; evalue?: string };
    if (m.header.msg_type === "stream" && content.name === "stdout") stdout += content.text;
    if (m.header.msg_type === "error") error = `${content.ename}: ${content.evalue}`;
  });
  return { status: String(reply.content["status"]), stdout, error };
}

const docker = await dockerRequirement();
const isolation = processIsolation();
const noNamespaces = isolation.namespaces.length === 0 ? "unshare may not make namespaces here" : "";
const noCgroups = isolation.cgroups === undefined ? "the grader may not make control groups here" : "";
const noPrlimit = isolation.prlimit ? "" : "prlimit is not installed";

// What each sandbox promises, checked from inside a kernel it started. Where the process sandbox cannot
// keep a promise on this machine, the test says why it is skipped.
const cases = [
  { kind: "process", open: async (): Promise<Sandbox> => createProcessSandbox(), skip: false, reason: "", network: noNamespaces, pids: noCgroups, memory: noPrlimit, readOnly: process.getuid?.() === 0 ? "the process sandbox shares the machine's files: its kernel, run as a user of its own, reads what every user may read" : "the process sandbox runs as the grader's user" },
  { kind: "docker", open: (): Promise<Sandbox> => createDockerSandbox(), ...docker, network: "", pids: "", memory: "", readOnly: "" },
];

for (const c of cases) {
  describe.skipIf(c.skip)(`the ${c.kind} sandbox${c.reason ? ` (${c.reason})` : ""}`, () => {
    let sandbox: Sandbox;
    let kernel: KernelProcess;
    let client: KernelClient;
    const secret = `grader-only-${Math.random().toString(16).slice(2)}`;

    beforeAll(async () => {
      process.env["MINICLOUD_TEST_GRADER_SECRET"] = secret;
      sandbox = await c.open();
      kernel = await sandbox.startKernel();
      client = await connectKernelClient(kernel.connection);
    }, 120_000);
    afterAll(async () => {
      delete process.env["MINICLOUD_TEST_GRADER_SECRET"];
      client?.close();
      await kernel?.kill();
      await sandbox?.close();
    });

    it("gives the kernel none of the grader's environment", async () => {
      const result = await run(client, 'console.log(JSON.stringify(Object.keys(process.env).sort()), process.env["MINICLOUD_TEST_GRADER_SECRET"] ?? "absent")');
      expect(result.stdout).toContain("absent");
      expect(result.stdout).not.toContain(secret);
      expect(result.stdout).toContain('"MINICLOUD_ENGINE"');
    });

    it.skipIf(c.network !== "")(`has no network${c.network ? ` (${c.network})` : ""}`, async () => {
      const result = await run(client, 'console.log(await new Promise((done) => require("net").connect(53, "1.1.1.1").on("connect", () => done("connected")).on("error", (e: NodeJS.ErrnoException) => done(String(e.code)))))');
      expect(result.stdout.trim()).toBe("ENETUNREACH");
    });

    // In a PID namespace that still sees the host's /proc, a container's number from spawn names some other
    // host process there: the process engine must read its memory by the container's own (proc-stats.ts).
    it("lets the process engine read a container's own memory", async () => {
      const result = await run(
        client,
        [
          'import { Cloud, ensureBaseImage } from "minicloud";',
          'const probeCloud = await Cloud.start({ engine: "process" });',
          "try {",
          "  await ensureBaseImage(probeCloud.engine);",
          '  const held = await probeCloud.engine.createContainer({ image: "minicloud/node", memoryMiB: 256, command: ["node", "-e", "globalThis.held = Buffer.alloc(96 << 20, 1); setTimeout(() => {}, 30000)"] });',
          "  await probeCloud.engine.startContainer(held.id);",
          "  await new Promise((resolve) => setTimeout(resolve, 1500));",
          "  const stats = await probeCloud.engine.stats(held.id);",
          "  console.log(Math.round(stats.memoryBytes / 2 ** 20), (await probeCloud.engine.inspectContainer(held.id)).status);",
          "} finally {",
          "  await probeCloud.shutdown();",
          "}",
        ].join("\n"),
      );
      const [mib, status] = result.stdout.trim().split(" ");
      expect(result.error).toBe("");
      expect(status).toBe("running");
      expect(Number(mib)).toBeGreaterThan(96);
      expect(Number(mib)).toBeLessThan(256);
    }, 60_000);

    it.skipIf(c.pids !== "")(`holds the kernel to ${DEFAULT_LIMITS.pids} processes${c.pids ? ` (${c.pids})` : ""}`, async () => {
      const result = await run(
        client,
        [
          'const { spawn } = require("child_process");',
          "const children: any[] = [];",
          'const ends: string[] = await Promise.all(Array.from({ length: 300 }, () => new Promise<string>((done) => { const p = spawn("/bin/sh", ["-c", "read x"], { stdio: ["pipe", "ignore", "ignore"] }); children.push(p); p.on("spawn", () => done("ok")); p.on("error", (e: NodeJS.ErrnoException) => done(String(e.code))); })));',
          'console.log(ends.filter((e) => e === "ok").length, ends.filter((e) => e === "EAGAIN").length);',
          // Ended again, so that the tests after this one can start processes.
          "await Promise.all(children.filter((p) => p.pid !== undefined).map((p) => new Promise((done) => { p.on(\"exit\", done); p.kill(\"SIGKILL\"); })));",
        ].join("\n"),
      );
      const [started, refused] = result.stdout.trim().split(" ").map(Number);
      expect(started! + refused!).toBe(300);
      expect(started).toBeLessThan(DEFAULT_LIMITS.pids);
      expect(refused).toBeGreaterThan(0);
    });

    it.skipIf(c.memory !== "")(`refuses a process more than ${DEFAULT_LIMITS.memoryMiB} MiB${c.memory ? ` (${c.memory})` : ""}`, async () => {
      // A kernel of its own: one filled to its limit has no room left to compile the next tests' cells.
      const full = await sandbox.startKernel();
      let result: Awaited<ReturnType<typeof run>>;
      try {
        const fullClient = await connectKernelClient(full.connection);
        result = await run(fullClient, "const held: Buffer[] = [];\ntry { for (;;) held.push(Buffer.alloc(64 * 1024 * 1024, 1)); } catch (e) { console.log(held.length * 64, String(e)); }");
        fullClient.close();
      } finally {
        await full.kill();
      }
      const mib = Number(result.stdout.split(" ")[0]);
      expect(result.stdout).toMatch(/RangeError/);
      expect(mib).toBeGreaterThan(0);
      expect(mib).toBeLessThan(DEFAULT_LIMITS.memoryMiB);
    });

    it.skipIf(c.readOnly !== "")(`lets the kernel write only its work folder and /tmp (not the batch's shared SDK), and shows it no notebooks or instructor copies${c.readOnly ? ` (${c.readOnly})` : ""}`, async () => {
      const root = packageRoot();
      const result = await run(
        client,
        [
          'const fs = require("fs");',
          'const attempt = (path: string) => { try { fs.writeFileSync(path, "x"); return "wrote"; } catch (e) { return String((e as NodeJS.ErrnoException).code); } };',
          `console.log(JSON.stringify({ cwd: attempt("here.txt"), tmp: attempt("/tmp/here.txt"), etc: attempt("/etc/here.txt"), project: attempt(${JSON.stringify(`${root}/dist/here.txt`)}),`,
          '  sdk: attempt(require("path").join(process.env["MINICLOUD_PREPARED_RUNTIMES"]!, fs.readdirSync(process.env["MINICLOUD_PREPARED_RUNTIMES"]!)[0]!, "here.txt")),',
          `  seen: ["assignments", "notebooks", "test", "dist", "node_modules"].filter((d) => fs.existsSync(${JSON.stringify(root)} + "/" + d)), uid: process.getuid!() }));`,
        ].join("\n"),
      );
      const seen = JSON.parse(result.stdout) as { cwd: string; tmp: string; etc: string; project: string; sdk: string; seen: string[]; uid: number };
      expect(seen).toMatchObject({ cwd: "wrote", tmp: "wrote", etc: "EROFS", project: "EROFS", sdk: "EROFS", seen: ["dist", "node_modules"] });
      expect(seen.uid).not.toBe(0);
    });

    it("gives the kernel the batch's shared SDK, which it may read but not change", async () => {
      const result = await run(
        client,
        [
          'import { bundledSdkFolder } from "minicloud";',
          'const fs = require("fs");',
          "const folder = bundledSdkFolder();",
          'let write = "wrote";',
          'try { fs.writeFileSync(folder + "/here.txt", "x"); } catch (e) { write = String((e as NodeJS.ErrnoException).code); }',
          'console.log(JSON.stringify({ folder, prepared: process.env["MINICLOUD_PREPARED_RUNTIMES"], write }));',
        ].join("\n"),
      );
      const seen = JSON.parse(result.stdout) as { folder: string; prepared: string; write: string };
      // Found there, not copied into the kernel's own home (13 MB per submission).
      expect(seen.folder.startsWith(`${seen.prepared}/`)).toBe(true);
      // Run as the grader's own user, the process sandbox's kernel may write where the grader may (docs/grading.md).
      if (c.kind === "docker" || process.getuid?.() === 0) expect(["EROFS", "EACCES"]).toContain(seen.write);
    });

    const leftovers = c.kind === "process" && noNamespaces !== "" && noCgroups !== "" ? "without PID namespaces or control groups nothing reaches a process that left the kernel's group" : "";
    it.skipIf(leftovers !== "")(`ends every process the kernel started when it is killed, even one that left its process group${leftovers ? ` (${leftovers})` : ""}`, async () => {
      const marker = `sandbox-leftover-${Math.random().toString(16).slice(2)}`;
      const result = await run(client, `require("child_process").spawn("/bin/sh", ["-c", "while :; do read x; done # ${marker}"], { detached: true, stdio: ["pipe", "ignore", "ignore"] }).unref();\nconsole.log("started");`);
      expect(result.stdout.trim()).toBe("started");
      expect(processesWith(marker).length).toBeGreaterThan(0);
      client.close();
      await kernel.kill();
      expect(processesWith(marker)).toEqual([]);
    });
  });
}
