/**
 * This machine's ceiling for the API benchmark: an express 5 app with one route that answers a constant,
 * run as its own process like the API. Whatever the API reaches is measured against this.
 */
import express from "express";

const app = express();
app.disable("x-powered-by");
app.get("/constant", (_req, res) => {
  res.json({ ok: true });
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`ceiling listening on ${typeof address === "object" && address ? address.port : "?"}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
