/**
 * A real SMTP server on loopback (no auth, no TLS) that keeps every message it receives, so the demo and
 * the tests can send mail through nodemailer exactly as in production and look at what arrived.
 * mailparser reads the messages (MIME structure, transfer encodings, charsets, encoded words).
 */
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import libmime from "libmime";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), including Bcc. */
  to: string[];
  subject: string;
  /** The text body, decoded, with \n line endings (from the HTML when there is no text/plain part). */
  text: string;
  /** The HTML body, decoded ("" when there is none). */
  html: string;
  /** Header names in lower case; the first occurrence wins; unfolded, encoded words decoded. */
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
        parseMail(
          Buffer.concat(chunks),
          mailFrom ? mailFrom.address : "",
          rcptTo.map((r) => r.address),
        ).then(
          (mail) => {
            received.push(mail);
            events.emit("mail", mail);
            callback();
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
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

/** Header names in lower case, the first occurrence of each, unfolded, with RFC 2047 encoded words decoded. */
function headerRecord(lines: ParsedMail["headerLines"]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    if (Object.hasOwn(headers, key)) continue;
    // mailparser keeps header lines as one char per byte; raw 8-bit values are UTF-8 in practice.
    const { value } = libmime.decodeHeader(Buffer.from(line, "latin1").toString("utf8"));
    headers[key] = libmime.decodeWords(value);
  }
  return headers;
}

export async function parseMail(raw: Buffer, from: string, to: string[]): Promise<CaughtMail> {
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  return {
    from,
    to,
    subject: parsed.subject ?? "",
    text: (parsed.text ?? "").replace(/\r\n/g, "\n").replace(/\n$/, ""),
    html: typeof parsed.html === "string" ? parsed.html : "",
    headers: headerRecord(parsed.headerLines),
    raw: raw.toString("utf8"),
    receivedAt: new Date(),
  };
}
