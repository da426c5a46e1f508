// The exercises of assignment a3-capstone, in the order the student builds the pipeline: the door (an
// HTTP API's function), the small-job lane (a Lambda consumer), the ECS worker, the choice between them,
// and what happens to a job that never succeeds.
import type { Exercise } from "../../exercise-registry.js";
import { consumeExercise } from "./consume-exercise.js";
import { lambdaOrFargateExercise } from "./lambda-or-fargate-exercise.js";
import { poisonExercise } from "./poison-exercise.js";
import { submitExercise } from "./submit-exercise.js";
import { workerExercise } from "./worker-exercise.js";

export const capstoneAssignmentExercises: Exercise[] = [submitExercise, consumeExercise, workerExercise, lambdaOrFargateExercise, poisonExercise];
