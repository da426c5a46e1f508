export { createS3, type LambdaFunctionConfiguration, type ObjectHead, type S3, type S3Options } from "./s3/s3-service.js";
export type { ListObjectsV2Request } from "./s3/s3-listing.js";
export { encodeEventKey, s3EventRecord, type S3EventName } from "./s3/s3-event.js";
export {
  createEventSourceMappings,
  type CreateEventSourceMappingRequest,
  type EventSourceMappingConfiguration,
  type EventSourceMappings,
  type EventSourceMappingsOptions,
  type StreamService,
  type UpdateEventSourceMappingRequest,
} from "./mappings/event-source-mappings.js";
export { createSqs, MAX_MESSAGE_BYTES, type SendMessageRequest, type Sqs, type SqsMessage, type SqsOptions } from "./sqs/sqs-service.js";
export type { FifoSendFields } from "./sqs/fifo-fields.js";
export { md5OfMessageAttributes, type MessageAttributeValue } from "./sqs/message-attributes.js";
export { createKinesis, type Kinesis, type KinesisRecord, type KinesisShard } from "./kinesis/kinesis-service.js";
export { MAX_RECORD_BYTES } from "./kinesis/kinesis-records.js";
export type { PolledStream, ShardRecord, StreamShard } from "./streams/stream-shard.js";
export { createDynamoDb, type DynamoDb } from "./dynamodb/dynamodb-service.js";
export { marshall, unmarshall, type NativeValue } from "./dynamodb/marshall.js";
export type { AttributeValue, Item as DynamoDbItem } from "./dynamodb/attribute-values.js";
export type { AttributeDefinition, CreateTableRequest, KeySchemaElement } from "./dynamodb/table-schema.js";
export type { StreamViewType } from "./dynamodb/table-stream.js";
export type { QueryRequest } from "./dynamodb/table-query.js";
export { createSns, type FailedDelivery, type PublishRequest, type Sns, type SnsOptions, type Subscription } from "./sns/sns-service.js";
export { type FilterPolicy, type FilterPolicyScope } from "./sns/filter-policy.js";
export { createApiGatewayV2, type Api, type ApiGatewayV2, type CreateApiRequest, type Integration, type Route, type Stage } from "./apigateway/http-api-service.js";
export type { CorsConfiguration } from "./apigateway/cors.js";
export { nextFireTime, parseScheduleExpression, type ScheduleExpression } from "./schedules/schedule-expression.js";
export { type CronSchedule } from "./schedules/cron-expression.js";
export { type EcsParameters } from "./schedules/ecs-target.js";
export { createEventBridge, scheduledEvent, type EventBridge, type EventBridgeOptions, type FailedInvocation, type PutRuleRequest, type Rule, type Target } from "./eventbridge/event-bridge-service.js";
export type { EventBus } from "./eventbridge/event-buses.js";
export type { EventBridgeEvent, PutEventsRequestEntry, PutEventsResultEntry } from "./eventbridge/put-events.js";
export { createElbv2, type Elbv2, type Listener, type LoadBalancer, type TargetGroup } from "./elb/elbv2-service.js";
export { type Action, type RuleCondition } from "./elb/alb-listener.js";
export { createCloudWatchLogs, type CloudWatchLogs, type CloudWatchLogsOptions, type FailedLogDelivery, type FilteredLogEvent, type SubscriptionFilter } from "./logs/logs-service.js";
export { type Deliver, type TargetMessage } from "./targets.js";
