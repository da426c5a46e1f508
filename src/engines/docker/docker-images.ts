import type Docker from "dockerode";
import { MinicloudError } from "../../core/errors.js";
import { conflict, imageNotFound } from "../engine-errors.js";
import { normalizeImageRef } from "../image-ref.js";
import type { BuildOptions, ImageConfig, ImageInfo, ImportOptions } from "../types.js";
import { tarFolder } from "./tar-stream.js";

/** Docker reports errors with a status code and a JSON message; keep both, in our words. */
export function wrapDockerError(error: unknown, what: string): MinicloudError {
  const e = error as { statusCode?: number; json?: { message?: string }; message?: string };
  const message = e.json?.message ?? e.message ?? String(error);
  return new MinicloudError("DockerEngineError", `${what}: ${message}`, { statusCode: e.statusCode ?? 500, cause: error });
}

function toImageInfo(inspect: Docker.ImageInspectInfo): ImageInfo {
  const config = inspect.Config;
  const env: Record<string, string> = {};
  for (const pair of config?.Env ?? []) {
    const eq = pair.indexOf("=");
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    id: inspect.Id,
    tags: inspect.RepoTags ?? [],
    createdAt: Date.parse(inspect.Created),
    sizeBytes: inspect.Size,
    config: {
      env,
      cmd: (config?.Cmd as string[] | null | undefined) ?? null,
      entrypoint: (config?.Entrypoint as string[] | null | undefined) ?? null,
      workingDir: config?.WorkingDir || "/",
      exposedPorts: Object.keys(config?.ExposedPorts ?? {}).map((p) => Number(p.split("/")[0])),
      labels: (config?.Labels as Record<string, string> | null | undefined) ?? {},
    },
  };
}

/** Waits for a Docker build or import stream to end; throws its first error. */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<{ stream?: string; error?: string; aux?: { ID?: string } }[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
      if (error) return reject(error);
      const failed = output.find((o) => o.error);
      if (failed) return reject(new Error(failed.error));
      resolve(output);
    });
  });
}

/**
 * The docker engine: minicloud's containers as real Docker containers, through dockerode. Names,
 * networks and labels are scoped to the session, so two sessions on one engine never collide.
 */

/** The docker engine's image operations: build from a folder, import a root filesystem, inspect, tag, remove. */
export function createDockerImages(docker: () => Promise<Docker>) {
  const inspectImage = async (ref: string): Promise<ImageInfo> => {
    try {
      return toImageInfo(await (await docker()).getImage(normalizeImageRef(ref)).inspect());
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw imageNotFound(ref, "docker");
      throw wrapDockerError(error, `inspecting image ${ref}`);
    }
  };
  const image = inspectImage;
  return {
    inspectImage,
    async buildImage(build: BuildOptions): Promise<ImageInfo> {
      const d = await docker();
      try {
        const stream = await d.buildImage(tarFolder(build.context) as unknown as NodeJS.ReadableStream, {
          t: normalizeImageRef(build.tag),
          dockerfile: build.dockerfile ?? "Dockerfile",
          labels: { ...build.labels },
          rm: true,
          forcerm: true,
        });
        await followProgress(d, stream);
      } catch (error) {
        const message = (error as Error).message ?? "";
        const from = /pull access denied for ([^,\s]+)|([^\s]+): not found/.exec(message);
        if (from) throw imageNotFound(from[1] ?? from[2] ?? "", "docker");
        throw wrapDockerError(error, `building ${build.tag} from ${build.context}`);
      }
      return image(build.tag);
    },
    async importImage(imported: ImportOptions): Promise<ImageInfo> {
      const d = await docker();
      const config: ImageConfig = { env: {}, cmd: null, entrypoint: null, workingDir: "/", exposedPorts: [], labels: {}, ...imported.config };
      const ref = normalizeImageRef(imported.tag);
      const colon = ref.lastIndexOf(":");
      const changes = [
        ...Object.entries(config.env).map(([k, v]) => `ENV ${k}=${v}`),
        ...(config.cmd ? [`CMD ${JSON.stringify(config.cmd)}`] : []),
        ...(config.entrypoint ? [`ENTRYPOINT ${JSON.stringify(config.entrypoint)}`] : []),
        `WORKDIR ${config.workingDir}`,
        ...config.exposedPorts.map((p) => `EXPOSE ${p}`),
        ...Object.entries(config.labels).map(([k, v]) => `LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`),
      ];
      try {
        const stream = await d.importImage(tarFolder(imported.rootfs) as unknown as string, { repo: ref.slice(0, colon), tag: ref.slice(colon + 1), changes } as object);
        await followProgress(d, stream);
      } catch (error) {
        throw wrapDockerError(error, `importing ${imported.rootfs} as ${ref}`);
      }
      return image(ref);
    },
    async listImages(): Promise<ImageInfo[]> {
      const d = await docker();
      const list = await d.listImages();
      return Promise.all(list.map(async (i) => toImageInfo(await d.getImage(i.Id).inspect())));
    },
    async removeImage(ref: string): Promise<void> {
      await image(ref);
      try {
        await (await docker()).getImage(normalizeImageRef(ref)).remove();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 409) {
          throw conflict(`Image ${normalizeImageRef(ref)} is used by a container; remove the container first.`);
        }
        throw wrapDockerError(error, `removing image ${ref}`);
      }
    },

    async tagImage(ref: string, tag: string): Promise<ImageInfo> {
      const found = await image(ref);
      const target = normalizeImageRef(tag);
      const colon = target.lastIndexOf(":");
      await (await docker()).getImage(found.id).tag({ repo: target.slice(0, colon), tag: target.slice(colon + 1) });
      return image(target);
    },
  };
}
