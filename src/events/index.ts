export { createS3, type LambdaFunctionConfiguration, type S3, type S3Options } from "./s3/s3-service.js";
export { encodeEventKey, s3EventRecord, type S3EventName } from "./s3/s3-event.js";
