import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { probeDocker } from "minicloud";
import { dockerRequirement } from "../support/requirements.js";

const docker = await dockerRequirement();

describe.skipIf(docker.skip)(`the Docker engine ${docker.reason}`, () => {
  it("answers through dockerode: version and image list", async () => {
    const probe = await probeDocker({ timeoutMs: 5000 });
    expect(probe.reachable).toBe(true);
    expect(probe.version).toMatch(/^\d+\.\d+/);
    const images = await new Docker().listImages();
    expect(Array.isArray(images)).toBe(true);
  });
});
