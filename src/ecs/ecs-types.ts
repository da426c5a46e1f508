// ECS's own shapes, from the AWS SDK, so a task definition or a request written here is the one a
// learner would send to ECS (DESIGN principle 1). Types only: nothing of the SDK is loaded at run time.
//
// They come from the SDK's model files, not its entry point: "@aws-sdk/client-ecs" itself declares the
// client, its ~100 commands and the Smithy runtime (about 520 declaration files), which every notebook
// kernel would otherwise parse when a cell first imports minicloud. The models are the same declarations
// the entry point re-exports (a test checks that they are the same types), in three files.
export type {
  Attribute,
  Cluster,
  ContainerDefinition,
  ContainerDependency,
  ContainerInstance,
  CreateClusterRequest,
  DeploymentConfiguration,
  Failure,
  HealthCheck,
  KeyValuePair,
  NetworkBinding,
  PlacementConstraint,
  PlacementStrategy,
  PortMapping,
  Resource,
  TaskDefinition,
} from "@aws-sdk/client-ecs/dist-types/models/models_0.js";
export type {
  Container,
  ContainerOverride,
  CreateServiceRequest,
  Deployment,
  RegisterTaskDefinitionRequest,
  RunTaskRequest,
  Service,
  ServiceEvent,
  Task,
  TaskOverride,
  UpdateServiceRequest,
} from "@aws-sdk/client-ecs/dist-types/models/models_1.js";
