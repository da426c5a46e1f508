import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Cloud, cleanStaleSessions } from "minicloud";
import { abandonSession, processesOfSession } from "../support/abandoned-session.js";
import { dockerRequirement } from "../support/requirements.js";

const docker = await dockerRequirement();

describe("minicloud clean", () => {
  it("removes the processes and folder a dead process-engine session left, and nothing of a live one", async () => {
    const live = await Cloud.start({ engine: "process" });
    const keep = await live.engine.createContainer({ image: "minicloud/node", command: ["node", "-e", "setInterval(() => {}, 1000)"] });
    await live.engine.startContainer(keep.id);
    const { sessionId } = await abandonSession("process");
    expect(await processesOfSession(sessionId)).not.toBe("");
    expect(existsSync(join(tmpdir(), `minicloud-${sessionId}`))).toBe(true);
    // Any Cloud.start in a test running alongside also cleans dead sessions: what matters is the result.
    await cleanStaleSessions();
    expect(await processesOfSession(sessionId)).toBe("");
    expect(existsSync(join(tmpdir(), `minicloud-${sessionId}`))).toBe(false);
    expect((await live.engine.inspectContainer(keep.id)).status).toBe("running");
    expect(await processesOfSession(live.sessionId)).not.toBe("");
    await live.shutdown();
  });

  it.skipIf(docker.skip)(`removes the containers a dead docker session left ${docker.reason}`, async () => {
    const { sessionId, containerId } = await abandonSession("docker");
    await cleanStaleSessions();
    const { default: Docker } = await import("dockerode");
    const left = await new Docker().listContainers({ all: true, filters: { label: [`minicloud.session=${sessionId}`] } });
    expect(left.map((c) => c.Id)).not.toContain(containerId);
    expect(left).toEqual([]);
  });
});
