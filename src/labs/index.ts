import { capstoneLab } from "./capstone/capstone-lab.js";
import { defineLab } from "./lab-registry.js";

defineLab(capstoneLab);

export { CAPSTONE, desiredWorkers, isValidJob, reportFigures, reportKey, type Job, type JobReportFigures } from "./capstone/capstone-names.js";
export { peakRunning } from "./capstone/service-checkpoints.js";
export { failed, passed } from "./checkpoint-verdicts.js";
export { labFolder, readCheckpointRecords } from "./checkpoint-records.js";
export { homesAtPaths, homesOfUsers, type StudentHome } from "./lab-homes.js";
export { LAB_HOME_LABEL, LAB_LABEL } from "./lab-ownership.js";
export { homeOwnerName, readStudentProgress, type CheckpointProgress, type StudentProgress } from "./lab-progress.js";
export { defineLab, findLab, labNames } from "./lab-registry.js";
export { resetLab, type LabResetReport, type ResetLabOptions } from "./lab-reset.js";
export { startLab, type CheckpointResult, type LabSession } from "./lab-session.js";
export { labStatus, type LabStatus } from "./lab-status.js";
export type { CheckpointDefinition, CheckpointRecord, CheckpointVerdict, LabDefinition } from "./lab-types.js";
export { formatStatusTable, statusTableBundle, type StatusTableOptions } from "./status-table.js";
