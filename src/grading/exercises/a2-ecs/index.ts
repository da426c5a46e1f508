// The exercises of assignment a2-ecs, in the assignment's order: predict, run, explain, build.
import type { Exercise } from "../../exercise-registry.js";
import { constraintExercise } from "./constraint-exercise.js";
import { fleetCostExercise } from "./fleet-cost-exercise.js";
import { healthExercise } from "./health-exercise.js";
import { layoutExercise } from "./layout-exercise.js";
import { rolloutExercise } from "./rollout-exercise.js";
import { runTaskExercise } from "./run-task-exercise.js";
import { taskDefinitionExercise } from "./task-definition-exercise.js";

export const ecsAssignmentExercises: Exercise[] = [layoutExercise, fleetCostExercise, runTaskExercise, healthExercise, rolloutExercise, constraintExercise, taskDefinitionExercise];
