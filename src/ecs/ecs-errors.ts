import { MinicloudError } from "../core/errors.js";

// ECS answers bad requests with two exception names: ClientException ("the request is wrong for what
// you asked", e.g. an invalid task definition) and InvalidParameterException (a parameter out of range
// or missing). https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html

/** A `ClientException` naming the field to fix. */
export function clientException(message: string, field?: string): MinicloudError {
  return new MinicloudError("ClientException", message, field === undefined ? {} : { field });
}

/** An `InvalidParameterException` naming the field to fix. */
export function invalidParameter(message: string, field?: string): MinicloudError {
  return new MinicloudError("InvalidParameterException", message, field === undefined ? {} : { field });
}

/** `ClusterNotFoundException`, as ECS words it. */
export function clusterNotFound(cluster: string): MinicloudError {
  return new MinicloudError("ClusterNotFoundException", `Cluster not found: ${cluster}. Create it with createCluster, or check the name.`, { field: "cluster" });
}

/** `ServiceNotFoundException`, as ECS words it. */
export function serviceNotFound(service: string): MinicloudError {
  return new MinicloudError("ServiceNotFoundException", `Service not found: ${service}.`, { field: "service" });
}
