import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, cleanStaleSessions, ensureBaseImage, newSessionId, packageRoot } from "minicloud";
import { sessionsDir } from "../../src/engines/session-records.js";
import { abandonSession, processesOfSession } from "../support/abandoned-session.js";
import { createLocalUser, deleteLocalUser, localUsersRequirement, userEnv, type LocalUser } from "../support/local-users.js";
import { dockerRequirement } from "../support/requirements.js";

// Two students on one machine: what one student's dead session left is no other student's to remove,
// and no other student's clean-up may fail on it. Root, who looks after the machine, may remove it all.
const users = localUsersRequirement();
const docker = users.skip ? users : await dockerRequirement();
const cli = join(packageRoot(), "bin", "minicloud.js");

function minicloudCli(args: string[], user?: LocalUser): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], user ? { uid: user.uid, gid: user.gid, cwd: user.home, env: userEnv(user) } : {}, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, out: stdout + stderr }),
    );
    child.stdin?.end();
  });
}

describe.skipIf(users.skip || docker.skip)(`clean-up on a machine shared by several users ${users.reason || docker.reason}`, () => {
  let owner: LocalUser;
  let other: LocalUser;
  beforeAll(() => {
    owner = createLocalUser();
    other = createLocalUser();
  });
  afterAll(async () => {
    const left = [...(owner ? await deleteLocalUser(owner) : []), ...(other ? await deleteLocalUser(other) : [])];
    expect(left, "what the test users left running or in the temp folder").toEqual([]);
  });

  // Retried: on a machine where an older minicloud (one that cleaned every user's dead sessions) runs
  // tests beside these, as root, its clean-up can take the dead session first. A clean-up of ours that
  // took it would do so every time.
  it("leaves another user's dead session alone, and removes it for root with --all-users", { retry: 2 }, async () => {
    expect((await minicloudCli(["clean", "--all-users"], other)).status).toBe(2);
    // On Docker, a container of a dead session of the owner's (made here by root, labelled as the owner's).
    const cloud = await Cloud.start({ engine: "docker" });
    await ensureBaseImage(cloud.engine);
    await cloud.shutdown();
    const { default: Docker } = await import("dockerode");
    const container = await new Docker().createContainer({
      Image: "minicloud/node",
      Cmd: ["node", "-e", "setInterval(() => {}, 1000)"],
      Labels: { "minicloud.session": newSessionId(), "minicloud.owner-uid": String(owner.uid) },
    });
    try {
      // The other user's clean-up and root's plain one run as soon as the session is dead.
      const { sessionId } = await abandonSession("process", owner);
      const [theirs] = await Promise.all([minicloudCli(["clean"], other), cleanStaleSessions()]);
      expect(theirs.status, theirs.out).toBe(0);
      expect(await processesOfSession(sessionId)).not.toBe("");
      const folder = join(tmpdir(), `minicloud-${sessionId}`);
      const record = join(sessionsDir(), `${sessionId}.json`);
      expect(statSync(folder).uid).toBe(owner.uid);
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(existsSync(record)).toBe(true);
      expect((await container.inspect()).Id).toBe(container.id);

      const root = await minicloudCli(["clean", "--all-users"]);
      expect(root.status, root.out).toBe(0);
      expect(await processesOfSession(sessionId)).toBe("");
      expect(existsSync(folder) || existsSync(record)).toBe(false);
      await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  });
});
