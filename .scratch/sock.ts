import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { startLocalServices } from "../scripts/local-services";
const dataDir = mkdtempSync(join(tmpdir(), "md-sock-"));
const s = await startLocalServices({ dataDir, mongo: true, redis: false, meili: false, log: () => {} });
const sock = join(dataDir, "ferret.sock");
const child = spawn(join(process.cwd(), ".tools/bin/ferretdb"), ["--handler=postgresql", `--state-dir=${dataDir}/f2`, "--listen-addr=", `--listen-unix=${sock}`, "--debug-addr=-", "--telemetry=disable", "--log-level=warn"], { env: { ...process.env, FERRETDB_POSTGRESQL_URL: s.postgresUrl! }, stdio: "inherit" });
await new Promise((r) => setTimeout(r, 2000));
async function run(label: string, url: string) {
  const c = await MongoClient.connect(url); const col = c.db("x").collection("t");
  await col.insertOne({ warm: label });
  for (let round = 0; round < 2; round++) {
    const t0 = process.cpuUsage(); const w = Date.now(); const N = 1000;
    for (let i = 0; i < N; i++) await col.insertOne({ label, i, round, pad: "x".repeat(800) });
    const d = process.cpuUsage(t0);
    console.log(label, "client cpu ms/insert", ((d.user + d.system) / 1000 / N).toFixed(3), "wall ms/insert", ((Date.now() - w) / N).toFixed(3));
  }
  await c.close();
}
await run("tcp ", s.mongoUrl!);
await run("unix", `mongodb://${encodeURIComponent(sock)}/`);
await run("tcp ", s.mongoUrl!);
await run("unix", `mongodb://${encodeURIComponent(sock)}/`);
child.kill(); await s.stop(); process.exit(0);
