// Exercises of the example assignment a0-example: each student prices their own Lambda function. The
// check is notebook 06's monthly-bill check; the parameters give every student different numbers.
import type { Exercise } from "../exercise-registry.js";
import { lambdaPricingExercises } from "./lambda-pricing.js";

const monthlyCost = lambdaPricingExercises.find((e) => e.id === "06-monthly-cost");
if (monthlyCost === undefined) throw new Error("expected notebook 06 to define the exercise 06-monthly-cost");

export const assignmentExampleExercises: Exercise[] = [
  {
    id: "a0-bill",
    title: "Your function's monthly bill",
    parameters: {
      memoryMB: [512, 1024, 1536, 2048],
      durationMs: [120, 250, 800, 1500],
      requestsPerMonth: [2_000_000, 5_000_000, 12_000_000],
    },
    check: async (answer) => ({ ...(await monthlyCost.check(answer)), exercise: "a0-bill", title: "Your function's monthly bill" }),
  },
];
