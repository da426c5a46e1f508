export { LatePolicyError, parseDuration, parseIsoTime, parseLatePolicy, parseLateRate, type LatePolicy, type LatePolicyOptions, type LateRate } from "./late-policy.js";
export {
  applyLatePolicy,
  describeDuration,
  describeTimeSource,
  latePenaltyPercent,
  type LateAdjustable,
  type LateResult,
  type SubmissionTime,
  type SubmissionTimeSource,
} from "./late-penalty.js";
export { readSubmissionTimes } from "./submission-times.js";
