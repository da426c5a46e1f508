export { createRealClock, createVirtualClock, type Clock, type Timer, type VirtualClock, type VirtualClockOptions } from "./clock.js";
export { ACCOUNT_ID, arn, region } from "./arn.js";
export { isMinicloudError, MinicloudError } from "./errors.js";
export { minicloudHome } from "./home.js";
export { newSessionId } from "./ids.js";
export { packageRoot } from "./package-root.js";
export { createRandom, type Random } from "./random.js";
export { VERSION } from "./version.js";
