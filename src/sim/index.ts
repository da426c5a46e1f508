export { arrivalTimes, type ArrivalPattern } from "./arrivals.js";
export { type SimulatedFunction } from "./lambda-model.js";
export { simulateLambda, type LambdaSimOptions } from "./lambda-sim.js";
export { type LambdaSimResult, type SimFunctionTotals, type SimInvocation, type SimPoint } from "./lambda-sim-result.js";
export { simulateEcs, type EcsSimOptions, type SimulatedService } from "./ecs-sim.js";
export { type EcsSimPoint, type EcsSimResult } from "./ecs-sim-result.js";
export { ec2CheaperFrom, fargateVsEc2, monthlyFleetCost, tasksPerInstance } from "./fleet-cost.js";
