/** Throw-away redis-server processes (Debian's) on free loopback ports, for the Cluster and Sentinel tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { eventually } from "./harness";

export interface RedisServer {
  port: number;
  process: ChildProcess;
  /** A new client of this server, connected; disconnect it when done. */
  connect(): Promise<Redis>;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Runs `redis-server <args(port)…>` (on `port`, a free one by default) and resolves once it answers PING. */
export async function startRedisServer(args: (port: number) => string[], onPort?: number): Promise<RedisServer> {
  const port = onPort ?? (await freePort());
  const child = spawn("redis-server", args(port), { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const client = () => {
    const redis = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null });
    redis.on("error", () => undefined); // refused while the server starts; connect() reports it
    return redis;
  };
  const server: RedisServer = {
    port,
    process: child,
    async connect() {
      const redis = client();
      await redis.connect();
      return redis;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`redis-server ${args(port).join(" ")} exited with ${child.exitCode}`);
    const probe = await server.connect().catch(() => undefined);
    try {
      return (await probe?.ping()) === "PONG";
    } finally {
      probe?.disconnect();
    }
  }, Boolean);
  return server;
}

/** Flags for a redis-server that keeps nothing on disk and never evicts (BullMQ needs every key). */
export const ephemeral = (port: number, dir: string) => [
  ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
  ...["--maxmemory-policy", "noeviction"],
];
