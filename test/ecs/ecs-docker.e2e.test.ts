import { describe } from "vitest";
import { dockerRequirement } from "../support/requirements.js";
import { ecsContract } from "./ecs-contract.js";

const docker = await dockerRequirement();
describe.skipIf(docker.skip)(`docker ${docker.reason}`, () => ecsContract("docker"));
