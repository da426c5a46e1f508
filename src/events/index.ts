export { createS3, type LambdaFunctionConfiguration, type S3, type S3Options } from "./s3/s3-service.js";
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
export { createSqs, MAX_MESSAGE_BYTES, type SendMessageRequest, type Sqs, type SqsMessage } from "./sqs/sqs-service.js";
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
