import { MinicloudError } from "../core/errors.js";
import { isBaseImageRef, normalizeImageRef } from "./image-ref.js";

/** `ImageNotFound`: the image is not on this engine; says how to get it. */
export function imageNotFound(ref: string, engine: string): MinicloudError {
  const how = isBaseImageRef(ref)
    ? "build minicloud's base images with `npx minicloud images build`"
    : "build it first (engine.buildImage({ context, tag }) or `docker build`), or check the name and tag";
  return new MinicloudError("ImageNotFound", `Image ${normalizeImageRef(ref)} is not on the ${engine} engine: ${how}.`, {
    field: "image",
    statusCode: 404,
  });
}

/** `ContainerNotFound`: no container of this session has that id or name. */
export function containerNotFound(id: string): MinicloudError {
  return new MinicloudError("ContainerNotFound", `No container ${id} in this session; list them with engine.listContainers().`, {
    statusCode: 404,
  });
}

/** `NetworkNotFound`: no network of this session has that name. */
export function networkNotFound(name: string): MinicloudError {
  return new MinicloudError("NetworkNotFound", `No network ${name} in this session; create it with engine.createNetwork("${name}").`, {
    field: "network",
    statusCode: 404,
  });
}

/** `PortAlreadyAllocated`: the host port is taken by another program or container. */
export function portInUse(port: number, field: string): MinicloudError {
  return new MinicloudError(
    "PortAlreadyAllocated",
    `Host port ${port} is already in use on 127.0.0.1; pick another ${field} or use 0 to let the engine choose one.`,
    { field, statusCode: 409 },
  );
}

/** `Conflict`: the name is taken, or the container is in the wrong state for the call. */
export function conflict(message: string, field?: string): MinicloudError {
  return new MinicloudError("Conflict", message, { statusCode: 409, ...(field ? { field } : {}) });
}
