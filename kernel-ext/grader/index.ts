export { executeGradingNotebook, type ExecuteLimits } from "./execute-step.js";
export { findSubmissions } from "./find-submissions.js";
export { gradeBatch, type BatchOptions, type BatchResult } from "./grade-batch.js";
export { gradeSubmission, type GradeOptions, type Submission } from "./grade-submission.js";
export { createProcessSandbox, PROCESS_SANDBOX_WARNING, type Sandbox, type SandboxLimits } from "./process-sandbox.js";
