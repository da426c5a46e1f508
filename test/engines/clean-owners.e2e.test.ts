import { spawnSync } from "node:child_process";
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

function minicloudCli(args: string[], user?: LocalUser): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    ...(user ? { uid: user.uid, gid: user.gid, cwd: user.home, env: userEnv(user) } : {}),
  });
  return { status: result.status, out: result.stdout + result.stderr };
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
    expect(left, "processes the test users still ran").toEqual([]);
  });

  it("leaves another user's dead session alone, and removes it for root with --all-users", async () => {
    const { sessionId } = await abandonSession("process", owner);
    const folder = join(tmpdir(), `minicloud-${sessionId}`);
    const record = join(sessionsDir(), `${sessionId}.json`);
    expect(statSync(folder).uid).toBe(owner.uid);
    expect(statSync(folder).mode & 0o777).toBe(0o700);

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
      const theirs = minicloudCli(["clean"], other);
      expect(theirs.status, theirs.out).toBe(0);
      expect(minicloudCli(["clean", "--all-users"], other).status).toBe(2);
      await cleanStaleSessions();
      expect(await processesOfSession(sessionId)).not.toBe("");
      expect(existsSync(folder) && existsSync(record)).toBe(true);
      expect((await container.inspect()).Id).toBe(container.id);

      const root = minicloudCli(["clean", "--all-users"]);
      expect(root.status, root.out).toBe(0);
      expect(await processesOfSession(sessionId)).toBe("");
      expect(existsSync(folder) || existsSync(record)).toBe(false);
      await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  });
});
