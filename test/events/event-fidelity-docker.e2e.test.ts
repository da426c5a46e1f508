import { dockerRequirement } from "../support/requirements.js";
import { describeEventFidelity } from "./event-fidelity-suite.js";

describeEventFidelity("docker", await dockerRequirement());
