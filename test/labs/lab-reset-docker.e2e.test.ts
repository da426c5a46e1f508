import { describe } from "vitest";
import { dockerRequirement } from "../support/requirements.js";
import { labResetContract } from "./reset-contract.js";

const docker = await dockerRequirement();
describe.skipIf(docker.skip)(`docker ${docker.reason}`, () => labResetContract("docker"));
