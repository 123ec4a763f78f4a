/**
 * One document by id, read over kept-alive connections with node:http. The client's fetch (undici's WHATWG
 * layer: Request, Headers, an AbortSignal and a stream per call) cost the API about 2 ms of CPU for each
 * `GET /needs/{id}` served from Meilisearch, more than the rest of the request (bench:api, CPU per
 * request); this path is the read model's hottest, so it skips that layer. Everything else goes through
 * the client.
 */
import http from "node:http";
import https from "node:https";

export interface DocumentAnswer {
  status: number;
  /** The parsed JSON body: the document, or Meilisearch's error (`{ code, message }`). */
  body: unknown;
}

export interface DocumentReader {
  get(uid: string, id: string): Promise<DocumentAnswer>;
  close(): void;
}

export function documentReader(host: string, apiKey: string | undefined, timeoutMs: number): DocumentReader {
  const url = new URL(host);
  const transport = url.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 64 });
  const base = url.pathname.replace(/\/$/, "");
  const headers = {
    accept: "application/json",
    // As the client asks (engine.ts): uncompressed answers come in one piece.
    "accept-encoding": "identity",
    ...(apiKey && { authorization: `Bearer ${apiKey}` }),
  };
  const target = { hostname: url.hostname.replace(/^\[|\]$/g, ""), port: url.port || undefined, agent, headers };
  return {
    get: (uid, id) =>
      new Promise<DocumentAnswer>((resolve, reject) => {
        const path = `${base}/indexes/${encodeURIComponent(uid)}/documents/${encodeURIComponent(id)}`;
        const request = transport.request({ ...target, path, method: "GET", timeout: timeoutMs }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            try {
              const text = Buffer.concat(chunks).toString("utf8");
              resolve({ status: response.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) });
            } catch (error) {
              reject(error);
            }
          });
        });
        request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        request.on("error", reject);
        request.end();
      }),
    close: () => agent.destroy(),
  };
}
