import { describe } from "vitest";
import { dockerRequirement } from "../support/requirements.js";
import { describeLambda } from "./lambda-contract.js";

const docker = await dockerRequirement();

describe.skipIf(docker.skip)(`docker ${docker.reason}`, () => describeLambda("docker"));
