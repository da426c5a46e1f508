import { describe } from "vitest";
import { dockerRequirement } from "../../support/requirements.js";
import { describeSdkInFunctions } from "./sdk-in-functions.js";

const docker = await dockerRequirement();

describe.skipIf(docker.skip)(`docker ${docker.reason}`, () => describeSdkInFunctions("docker"));
