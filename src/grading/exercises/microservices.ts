// Exercise of notebook 02-images-and-containers on microservices: two containers that find each other
// by name on a private network, with only the front door published. The check runs the learner's app.
import type { ContainerSpec } from "../../engines/types.js";
import { verdict, type CheckResult } from "../check-result.js";
import { answerValue } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";
import { fetchJson, withCloud } from "./container-sandbox.js";

const ID = "02-microservices";
const TITLE = "A two-service shop: api greets in Swedish, only web is published";
const HINT = "Put both containers on your network; the web code calls http://api:8080/, so the service must be *named* api; publish web's port 3000 and nothing of api's.";
const GREETING = "hej";

/** What the learner's app looks like: a network, and the containers to run on it. */
interface ShopApp {
  network: string;
  containers: ContainerSpec[];
}

/** The first rule the app's specs break, in the course's words; undefined when the specs look right. */
function specProblem(app: ShopApp): string | undefined {
  if (typeof app?.network !== "string" || app.network === "") return "Give the app a network name, e.g. network: \"shop2\".";
  if (!Array.isArray(app.containers) || app.containers.length !== 2) return "List exactly two container specs in containers: the api and the web front.";
  const off = app.containers.find((c) => c.network !== app.network);
  if (off) return `Container ${off.name ?? off.image} is on network ${JSON.stringify(off.network)}, not ${JSON.stringify(app.network)}: containers reach each other by name only on a shared network.`;
  const api = app.containers.find((c) => c.name === "api");
  if (!api) return "The web front calls http://api:8080/ — which container answers to the name api?";
  if (!String(api.image).startsWith("minicloud/hello-service")) return `The api runs ${JSON.stringify(api.image)}; it should run minicloud/hello-service.`;
  if ((api.ports ?? []).length > 0) return "The api publishes a port: anyone on this machine can call it directly. Only the front door (web) should be published.";
  const web = app.containers.find((c) => c !== api)!;
  if (!(web.ports ?? []).some((p) => p.containerPort === 3000)) return "The web front does not publish its port 3000, so nobody outside the network can reach the shop.";
  return undefined;
}

async function checkShop(answer: unknown): Promise<CheckResult> {
  const app = (await answerValue(answer)) as ShopApp;
  const problem = specProblem(app);
  if (problem) return verdict(ID, TITLE, false, `Not yet: ${problem}`, HINT, 1);
  return withCloud(async (engine) => {
    if (engine.name === "simulated") return verdict(ID, TITLE, true, "The specs are right (the simulated engine cannot run them to be sure).", HINT, 1);
    await engine.createNetwork(app.network);
    const ids: string[] = [];
    for (const spec of app.containers) {
      const container = await engine.createContainer(spec);
      await engine.startContainer(container.id);
      ids.push(container.id);
    }
    // Of the two containers, the one that is not the (first) api is the web front, as specProblem read it.
    const webIndex = 1 - app.containers.findIndex((c) => c.name === "api");
    const port = (await engine.inspectContainer(ids[webIndex]!)).ports.find((p) => p.containerPort === 3000)!.hostPort;
    const page: Record<string, unknown> = await fetchJson(engine, ids[webIndex]!, port).catch((error: Error) => ({ failed: error.message }));
    if (page["apiSays"] === GREETING) return verdict(ID, TITLE, true, `The shop front on port ${port} answered with the api's "${GREETING}": found by name, on your network.`, HINT, 2);
    const api = app.containers.find((c) => c.name === "api")!;
    const why = "failed" in page ? String(page["failed"]) : `its answer was ${JSON.stringify(page)}`;
    const greeting = api.env?.["GREETING"] === GREETING ? "" : ` (the api's GREETING is ${JSON.stringify(api.env?.["GREETING"] ?? "not set")})`;
    return verdict(ID, TITLE, false, `The app ran, but the shop front did not pass on "${GREETING}": ${why}${greeting}.`, HINT, 2);
  });
}

export const microservicesExercises: Exercise[] = [{ id: ID, title: TITLE, check: checkShop }];
