import { defineExercises } from "./exercise-registry.js";
import { assignmentExampleExercises } from "./exercises/assignment-example.js";
import { imagesAndContainersExercises } from "./exercises/images-and-containers.js";
import { lambdaFunctionsExercises } from "./exercises/lambda-functions.js";
import { customRuntimeExercises } from "./exercises/custom-runtime.js";
import { microservicesExercises } from "./exercises/microservices.js";
import { lambdaTriggersExercises } from "./exercises/lambda-triggers.js";
import { lambdaPricingExercises } from "./exercises/lambda-pricing.js";
import { lambdaScalingExercises } from "./exercises/lambda-scaling.js";
import { serversVmsContainersExercises } from "./exercises/servers-vms-containers.js";
import { ecsConceptsExercises } from "./exercises/ecs-concepts.js";
import { ecsOperationsExercises } from "./exercises/ecs-operations.js";
import { fargateVsEc2Exercises } from "./exercises/fargate-vs-ec2.js";
import { ecsSchedulingExercises } from "./exercises/ecs-scheduling.js";
import { ecsAssignmentExercises } from "./exercises/a2-ecs/index.js";
import { capstoneLabExercises } from "./exercises/capstone-lab.js";
import { capstoneAssignmentExercises } from "./exercises/a3-capstone/index.js";

defineExercises(
  ...serversVmsContainersExercises,
  ...imagesAndContainersExercises,
  ...microservicesExercises,
  ...lambdaFunctionsExercises,
  ...customRuntimeExercises,
  ...lambdaTriggersExercises,
  ...lambdaScalingExercises,
  ...lambdaPricingExercises,
  ...ecsConceptsExercises,
  ...ecsSchedulingExercises,
  ...ecsOperationsExercises,
  ...fargateVsEc2Exercises,
  ...capstoneLabExercises,
  ...assignmentExampleExercises,
  ...ecsAssignmentExercises,
  ...capstoneAssignmentExercises,
);

export type { CheckResult } from "./check-result.js";
export { compareWithReference, type Comparison } from "./compare-with-reference.js";
export { check, defineExercises, exerciseIds, exerciseParameters, type CheckFeedback, type Exercise } from "./exercise-registry.js";
export type { ExerciseParameterValues, ParameterChoices } from "./exercise-parameters.js";
export {
  AssignmentLayoutError,
  feedbackHtml,
  gradebookCsv,
  insertHiddenChecks,
  matchCells,
  parseSubmissionGrade,
  readAssignmentLayout,
  restoreLockedCells,
  scoreExercises,
  studentLayout,
  submissionGrade,
  type AssignmentLayout,
  type CellMatch,
  type CheckOutcome,
  type ExecutedCell,
  type ExerciseGrade,
  type ExerciseLayout,
  type FeedbackItem,
  type GraderCellRef,
  type GradingCell,
  type GradingNotebook,
  type GradingRun,
  type SubmissionGrade,
} from "./batch/index.js";
export { notebooksIn, progress, progressSummary, progressTable, type ExerciseProgress, type ExerciseStatus, type NotebookProgress, type ProgressSummary } from "./progress/index.js";
export { applyLatePolicy, parseLatePolicy, readSubmissionTimes, type LatePolicy, type LatePolicyOptions, type LateResult, type SubmissionTime, type SubmissionTimeSource } from "./late/index.js";
export {
  checkVisibility,
  gradescopeFailure,
  gradescopeResults,
  prairielearnNotGradable,
  prairielearnResults,
  type CheckVisibility,
  type GradescopeResults,
  type PrairieLearnResults,
} from "./platforms/index.js";
