/**
 * A real SMTP server on loopback (no auth, no TLS) that keeps every message it receives, so the demo and
 * the tests can send mail through nodemailer exactly as in production and look at what arrived.
 * The MIME parsing is deliberately minimal: headers, RFC 2047 subjects, and the text/plain part
 * (quoted-printable, base64 or 8bit; inside multipart/* as nodemailer builds it).
 */
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), including Bcc. */
  to: string[];
  subject: string;
  /** The text/plain body, decoded, with \n line endings. */
  text: string;
  /** Header names in lower case; the first occurrence wins; encoded words decoded. */
  headers: Record<string, string>;
  raw: string;
  receivedAt: Date;
}

export interface MailCatcher {
  url: string;
  port: number;
  messages(): CaughtMail[];
  waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  clear(): void;
  stop(): Promise<void>;
}

export async function startMailCatcher(opts: { port?: number } = {}): Promise<MailCatcher> {
  const received: CaughtMail[] = [];
  const events = new EventEmitter();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const { mailFrom, rcptTo } = session.envelope;
        const mail = parseMail(
          Buffer.concat(chunks),
          mailFrom ? mailFrom.address : "",
          rcptTo.map((r) => r.address),
        );
        received.push(mail);
        events.emit("mail", mail);
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => console.error(`mail-catcher: server error: ${err.message}`));
  const port = (server.server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...received],
    clear: () => void received.splice(0),
    stop: () => (stopped ??= new Promise<void>((resolve) => server.close(() => resolve()))),
    waitFor(predicate, timeoutMs = 5000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const onMail = (mail: CaughtMail) => {
          try {
            if (!predicate(mail)) return;
            cleanup();
            resolve(mail);
          } catch (err) {
            cleanup();
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          const subjects = received.map((m) => JSON.stringify(m.subject)).join(", ") || "none";
          reject(new Error(`mail-catcher: no matching mail within ${timeoutMs} ms; received: ${subjects}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          events.off("mail", onMail);
        };
        events.on("mail", onMail);
      });
    },
  };
}

interface Entity {
  headers: Record<string, string>;
  body: string; // one char per byte ("binary" string), CRLF line endings
}

export function parseMail(raw: Buffer, from: string, to: string[]): CaughtMail {
  const top = splitEntity(raw.toString("latin1").replace(/\r?\n/g, "\r\n"));
  const textPart = findTextPart(top);
  return {
    from,
    to,
    subject: top.headers["subject"] ?? "",
    text: textPart ? decodeBody(textPart).replace(/\r\n/g, "\n").replace(/\n$/, "") : "",
    headers: top.headers,
    raw: raw.toString("utf8"),
    receivedAt: new Date(),
  };
}

function splitEntity(source: string): Entity {
  const end = source.indexOf("\r\n\r\n");
  const head = end === -1 ? source : source.slice(0, end);
  const body = end === -1 ? "" : source.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= decodeWords(Buffer.from(line.slice(colon + 1).trim(), "latin1").toString("utf8"));
  }
  return { headers, body };
}

function findTextPart(entity: Entity): Entity | undefined {
  const { type, params } = parseContentType(entity.headers["content-type"]);
  if (type === "text/plain") return entity;
  if (!type.startsWith("multipart/") || !params["boundary"]) return undefined;
  const segments = `\r\n${entity.body}`.split(`\r\n--${params["boundary"]}`).slice(1);
  for (const segment of segments) {
    if (segment.startsWith("--")) break; // closing delimiter
    const found = findTextPart(splitEntity(segment.slice(segment.indexOf("\r\n") + 2)));
    if (found) return found;
  }
  return undefined;
}

function parseContentType(value = "text/plain"): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  for (const m of value.matchAll(/;\s*([\w-]+)\s*=\s*(?:"([^"]*)"|([^;\s]+))/g)) {
    params[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? "";
  }
  return { type: value.split(";")[0]!.trim().toLowerCase(), params };
}

function decodeBody(entity: Entity): string {
  const encoding = (entity.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const charset = parseContentType(entity.headers["content-type"]).params["charset"] ?? "utf-8";
  let bytes: Buffer;
  if (encoding === "base64") bytes = Buffer.from(entity.body.replace(/\s+/g, ""), "base64");
  else if (encoding === "quoted-printable") bytes = Buffer.from(decodeQ(entity.body.replace(/=\r\n/g, "")), "latin1");
  else bytes = Buffer.from(entity.body, "latin1");
  return decodeCharset(bytes, charset);
}

/** `=XX` escapes to bytes, in a one-char-per-byte string. */
function decodeQ(text: string): string {
  return text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** RFC 2047 encoded words; adjacent words are joined before decoding so split multibyte chars survive. */
function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value.replace(/=\?[^?]+\?[BbQq]\?[^?]*\?=(?:\s*=\?[^?]+\?[BbQq]\?[^?]*\?=)*/g, (run) => {
    const words = [...run.matchAll(word)];
    const bytes = words.map(([, , enc, text = ""]) =>
      enc!.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : Buffer.from(decodeQ(text.replace(/_/g, " ")), "latin1"),
    );
    return decodeCharset(Buffer.concat(bytes), words[0]?.[1] ?? "utf-8");
  });
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.split("*")[0]!.trim()).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}
