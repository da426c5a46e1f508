import type { LabDefinition } from "../lab-types.js";
import { CAPSTONE } from "./capstone-names.js";
import { pipelineCheckpoints } from "./pipeline-checkpoints.js";
import { serviceCheckpoints } from "./service-checkpoints.js";

/** The capstone lab of notebook 11: HTTP API → Lambda → SQS → ECS workers → S3 reports. */
export const capstoneLab: LabDefinition = {
  name: CAPSTONE.lab,
  title: "Capstone: HTTP API → Lambda → SQS → ECS workers → S3",
  checkpoints: [...pipelineCheckpoints, ...serviceCheckpoints],
};
