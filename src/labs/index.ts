import { capstoneLab } from "./capstone/capstone-lab.js";
import { defineLab } from "./lab-registry.js";

defineLab(capstoneLab);

export { failed, passed } from "./checkpoint-verdicts.js";
export { homesAtPaths, homesOfUsers, type StudentHome } from "./lab-homes.js";
export type { CheckpointProgress, StudentProgress } from "./lab-progress.js";
export { defineLab, findLab, labNames } from "./lab-registry.js";
export { resetLab, type LabResetReport, type ResetLabOptions } from "./lab-reset.js";
export { startLab, type CheckpointResult, type LabSession } from "./lab-session.js";
export { labStatus, type LabStatus } from "./lab-status.js";
export type { CheckpointDefinition, CheckpointRecord, CheckpointVerdict, LabDefinition } from "./lab-types.js";
export { formatStatusTable, type StatusTableOptions } from "./status-table.js";
