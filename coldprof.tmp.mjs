import { Cloud } from "minicloud";
const cloud = await Cloud.start({ engine: "process" });
const eng = cloud.engine ?? cloud["engine"];
console.log("engine?", !!eng, Object.keys(cloud).slice(0,20));
if (eng) for (const m of ["createContainer","startContainer","hostAddress","peakMemoryBytes","removeContainer"]) {
  const f = eng[m].bind(eng); eng[m] = async (...a) => { const t = performance.now(); try { return await f(...a); } finally { (globalThis.T ??= []).push([m, (performance.now()-t).toFixed(2)]); } };
}
const H = "exports.handler = async (event) => ({ ok: true, n: event.n });";
for (let i = 0; i < 8; i++) {
  await cloud.lambda.createFunction({ FunctionName: `c${i}`, Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: H } });
  globalThis.T = [];
  const t = performance.now();
  await cloud.lambda.invoke({ FunctionName: `c${i}`, Payload: { n: i } });
  console.log((performance.now() - t).toFixed(2), JSON.stringify(globalThis.T));
  await cloud.lambda.deleteFunction({ FunctionName: `c${i}` });
}
await cloud.close?.() ?? cloud.stop?.();
