import { createDockerEngine, newSessionId } from "minicloud";
import { dockerRequirement } from "../support/requirements.js";
import { describeEngineContract } from "./engine-contract.js";
import { describe } from "vitest";

const docker = await dockerRequirement();

describe.skipIf(docker.skip)(`docker ${docker.reason}`, () => {
  describeEngineContract("docker", async () => createDockerEngine({ sessionId: newSessionId() }), { runsPrograms: true });
});
