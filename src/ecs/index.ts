export { createEcs, type Ecs, type EcsOptions } from "./ecs-service.js";
export { type EcsBill, type EcsBillLine } from "./ecs-bill.js";
export type {
  Attribute,
  Cluster,
  Container,
  ContainerDefinition,
  ContainerInstance,
  CreateServiceRequest,
  Deployment,
  Failure,
  PlacementConstraint,
  PlacementStrategy,
  PortMapping as EcsPortMapping,
  RegisterTaskDefinitionRequest,
  RunTaskRequest,
  Service,
  ServiceEvent,
  Task,
  TaskDefinition,
  UpdateServiceRequest,
} from "./ecs-types.js";
export { type LaunchInstancesRequest } from "./clusters/cluster-store.js";
export { INSTANCE_TYPES, RESERVED_MEMORY_MIB, registeredResources } from "./clusters/instance-types.js";
export { defaultNetworkConfiguration, defaultSubnets } from "./default-vpc.js";
export { FARGATE_TASK_SIZES, isFargateSize } from "./task-definitions/fargate-sizes.js";
export { parseClusterQuery, type ClusterQuery, type QuerySubject } from "./placement/cluster-query.js";
export { rolloutStep, type RolloutStep, type RolloutTask } from "./services/rollout.js";
export { circuitBreakerThreshold } from "./services/deployments.js";
