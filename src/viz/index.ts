export { clearOutput, connectKernel, display, page, toMimeBundle, type KernelBridge } from "./display.js";
export { escapeHtml, html, isDisplayable, markdown, plainText, table, type Displayable, type MimeBundle } from "./mime-bundle.js";
export { renderSvg } from "./render-svg.js";
export { isVegaLiteSpec, vegaLiteBundle, VEGA_LITE_MIME, VEGA_LITE_SCHEMA } from "./vega-lite.js";
export { placementChart, taskTimelineChart, type PlacementRow, type TaskStateRow } from "./ecs-charts.js";
export { concurrencyChart, invocationTimelineChart, type ConcurrencyPoint, type InvocationRow } from "./lambda-charts.js";
export { costCurvesChart, startTimeChart, type BreakEven, type CostChartOptions, type CostPoint, type StartTimeRow } from "./cost-charts.js";
export { progressChart, type ProgressRow } from "./progress-chart.js";
