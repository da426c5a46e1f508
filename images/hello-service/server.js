// A tiny HTTP service for the course: it says which container answered, which version it is, and
// how long it has been up, so two versions running side by side can be told apart.
const http = require("node:http");
const os = require("node:os");

const port = Number(process.env.PORT || 8080);
const version = process.env.APP_VERSION || "1";
const started = Date.now();

const server = http.createServer((request, response) => {
  if (request.url === "/health") {
    response.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    return;
  }
  const body = {
    service: "hello-service",
    version,
    hostname: os.hostname(),
    uptimeSeconds: Math.round((Date.now() - started) / 100) / 10,
    greeting: process.env.GREETING || "hello",
    path: request.url,
  };
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body) + "\n");
});

server.listen(port, () => console.log(`hello-service v${version} listening on port ${port}`));

// Finish the requests in flight, then exit, when the engine asks the container to stop.
process.on("SIGTERM", () => {
  console.log("SIGTERM received, shutting down");
  server.close(() => process.exit(0));
});
