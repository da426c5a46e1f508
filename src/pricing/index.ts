export { courseReportCase, ec2Cost, fargateCost, HOURS_PER_MONTH, lambdaCost, lambdaUsageCost, type FargateUsage, type LambdaCost, type LambdaWorkload } from "./calculators.js";
export { cheapestMemory, FULL_VCPU_MB, modelledDurationMs } from "./memory-speed.js";
export { EC2_ON_DEMAND, FARGATE, LAMBDA_2019, LAMBDA_CURRENT, type InstanceType, type LambdaPriceTable } from "./price-tables.js";
export { crossingPoint, lambdaVsAlwaysOn, type Crossing, type CurvePoint, type LambdaVsAlwaysOnOptions } from "./cost-curves.js";
