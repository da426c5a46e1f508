import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { installKernelspec } from "../../kernel-ext/index.js";
import { startHub, type Hub } from "../support/jupyterhub.js";
import { createLocalUser, deleteLocalUser, localUsersRequirement, type LocalUser } from "../support/local-users.js";
import { requirement } from "../support/requirements.js";
import { startServerKernel, type ServerKernel } from "../support/server-kernel.js";

// Two students on one JupyterHub with the deployed configuration: each gets the minicloud kernel in a
// server of their own account, runs a Lambda function, and can neither see into nor clean up the other's.
const users = localUsersRequirement();
const hubInstalled = users.skip ? users : requirement("JupyterHub", existsSync("/usr/bin/jupyterhub"), "sudo bash scripts/setup-jupyterhub.sh");

// A student's first cell: a session, a function, an invocation; and the processes of the session.
const START = `
import { Cloud, cleanStaleSessions, packageRoot } from "minicloud";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
const cloud = await Cloud.start();
await cloud.lambda.createFunction({ FunctionName: "hello", Runtime: "nodejs20.x", Handler: "index.handler",
  Code: { Source: 'exports.handler = async (event) => "Hello, " + event.name;' } });
const hello = async (name: string) => (await cloud.lambda.invoke({ FunctionName: "hello", Payload: { name } })).Payload!.transformToString();
const answer = await hello(process.env.USER!);
const sessionProcesses = (session: string) => readdirSync("/proc").filter((pid) => /^\\d+$/.test(pid)).filter((pid) => {
  try { return readFileSync("/proc/" + pid + "/environ", "utf8").includes("MINICLOUD_SESSION=" + session); } catch { return false; }
}).map(Number);
console.log(JSON.stringify({ session: cloud.sessionId, engine: cloud.engine.name, uid: process.getuid!(), answer, processes: sessionProcesses(cloud.sessionId) }));
`;

// What one student tries against the other's session: clean-up, then reading and stopping its things.
const PRY = (other: { session: string; home: string; processes: number[] }): string => `
const attempt = (what: () => unknown) => { try { what(); return "done"; } catch (error: any) { return error.code ?? String(error); } };
const other = ${JSON.stringify(other)};
const cli = execFileSync(process.execPath, [packageRoot() + "/bin/minicloud.js", "clean"], { encoding: "utf8" });
const report = await cleanStaleSessions();
console.log(JSON.stringify({ cli, report, tries: {
  folder: attempt(() => readdirSync("/tmp/minicloud-" + other.session)),
  record: attempt(() => readFileSync("/tmp/minicloud-sessions/" + other.session + ".json")),
  notebooks: attempt(() => readdirSync(other.home + "/minicloud-workbook")),
  images: attempt(() => readdirSync(other.home + "/.minicloud")),
  environ: other.processes.map((pid) => attempt(() => readFileSync("/proc/" + pid + "/environ"))),
  kill: other.processes.map((pid) => attempt(() => process.kill(pid, "SIGKILL"))),
} }));
`;

interface Started {
  session: string;
  engine: string;
  uid: number;
  answer: string;
  processes: number[];
}

/** The JSON line a cell printed last, after checking that the cell ran. */
function printed<T>(run: { status: string; stdout: string; stderr: string; error?: string }): T {
  expect(run.status, `${run.error ?? ""}\n${run.stderr}`).toBe("ok");
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as T;
}

describe.skipIf(users.skip || hubInstalled.skip)(`JupyterHub for a class ${users.reason || hubInstalled.reason}`, () => {
  const students: LocalUser[] = [];
  const kernels: ServerKernel[] = [];
  let hub: Hub | undefined;

  beforeAll(async () => {
    installKernelspec(packageRoot());
    students.push(createLocalUser(), createLocalUser());
    hub = await startHub(join(packageRoot(), "deploy", "jupyterhub", "jupyterhub_config.py"));
  });

  afterAll(async () => {
    for (const kernel of kernels) await kernel.shutdown().catch(() => undefined);
    await hub?.stop();
    const left: string[] = [];
    for (const student of students) left.push(...(await deleteLocalUser(student)));
    expect(left, "what the students left running or in the temp folder after the hub stopped").toEqual([]);
  });

  it("gives each student the minicloud kernel and a session the other can neither see into nor clean up", async () => {
    const [alice, bob] = students as [LocalUser, LocalUser];
    const started: Started[] = [];
    for (const student of [alice, bob]) {
      const server = await hub!.startServer(student.name);
      const specs = (await fetch(`${server}api/kernelspecs`, { headers: { Authorization: `token ${hub!.token}` } }).then((r) => r.json())) as {
        kernelspecs: Record<string, unknown>;
      };
      expect(Object.keys(specs.kernelspecs)).toContain("minicloud");
      const kernel = await startServerKernel(server, hub!.token, "minicloud", "00-welcome.ipynb");
      kernels.push(kernel);
      started.push(printed<Started>(await kernel.execute(START)));
    }
    const [aliceSession, bobSession] = started as [Started, Started];
    for (const [student, session] of [[alice, aliceSession], [bob, bobSession]] as const) {
      expect(session).toMatchObject({ engine: "process", uid: student.uid, answer: JSON.stringify(`Hello, ${student.name}`) });
      expect(session.processes.length).toBeGreaterThan(0);
    }

    const pried = printed<{ cli: string; report: { sessions: string[]; processes: number[]; folders: string[] }; tries: Record<string, unknown> }>(
      await kernels[0]!.execute(PRY({ session: bobSession.session, home: bob.home, processes: bobSession.processes })),
    );
    expect(pried.cli).toMatch(/processes stopped: +0\n/);
    expect(pried.report.sessions).not.toContain(bobSession.session);
    expect(pried.report.processes).toEqual([]);
    expect(pried.tries).toEqual({
      folder: "EACCES",
      record: "EACCES",
      notebooks: "EACCES",
      images: "EACCES",
      environ: bobSession.processes.map(() => "EACCES"),
      kill: bobSession.processes.map(() => "EPERM"),
    });

    // Bob's function still answers, from the same session, and each session shuts down cleanly.
    expect(printed<string>(await kernels[1]!.execute("console.log(JSON.stringify(await hello('again')));"))).toBe(JSON.stringify("Hello, again"));
    for (const kernel of kernels) {
      expect(printed<number[]>(await kernel.execute("await cloud.shutdown(); console.log(JSON.stringify(sessionProcesses(cloud.sessionId)));"))).toEqual([]);
    }
  });
});
