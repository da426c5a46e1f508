export { lambdaBill, type BillLine, type BillOptions, type LambdaBill } from "./bill.js";
export { billedDurationMs, meter, type BillingRule, type MeteredInvocation } from "./billing.js";
export { RUNTIMES, type CreateFunctionRequest, type FunctionCode, type FunctionConfiguration, type Runtime } from "./function-config.js";
export { type AliasConfiguration } from "./function-store.js";
export { createLambda, type InvokeRequest, type InvokeResponse, type Lambda, type LambdaOptions } from "./lambda-service.js";
export { LogStore, type LogStream, type OutputLogEvent } from "./logs/log-store.js";
export { LambdaMetrics, type Datapoint, type LambdaMetricName, type Statistic } from "./metrics.js";
export { reportLine, type ReportFigures } from "./logs/platform-lines.js";
export { PayloadBlob } from "./payload.js";
