export { gradescopeFailure, gradescopeResults, type GradescopeResults, type GradescopeTest, type GradescopeVisibility } from "./gradescope-results.js";
export { prairielearnNotGradable, prairielearnResults, type PrairieLearnResults, type PrairieLearnTest } from "./prairielearn-results.js";
export { checkVisibility, type CheckVisibility } from "../batch/student-exercise.js";
