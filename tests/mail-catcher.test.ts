import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import nodemailer, { type SendMailOptions } from "nodemailer";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";

describe("mail catcher", () => {
  let catcher: MailCatcher;
  before(async () => {
    catcher = await startMailCatcher();
  });
  after(async () => {
    await catcher.stop();
  });

  const send = (mail: SendMailOptions) => nodemailer.createTransport(catcher.url).sendMail(mail);

  it("when a Norwegian plain-text mail is sent, then subject and body arrive intact", async () => {
    const subject = "Ny markedsdialog: Bærekraftig søppelhåndtering i Ås og Bø";
    const text = "Hei Åse!\n\nKommunen ønsker innspill på løsninger for matavfall.\nVennlig hilsen, Øystein";
    await send({ from: "noreply@markedsdialog.local", to: "åse@example.no", subject, text });

    const mail = await catcher.waitFor((m) => m.subject === subject, 3000);
    assert.equal(mail.text, text);
    assert.equal(mail.from, "noreply@markedsdialog.local");
    assert.deepEqual(mail.to, ["åse@example.no"]);
    assert.match(mail.raw, /^Subject: =\?UTF-8\?/m, "the subject travelled RFC 2047-encoded");
  });

  it("when the text is base64 and the mail is multipart/alternative, then the plain part is decoded", async () => {
    const subject = `Påminnelse: ${"særdeles lang emnelinje med æøå ".repeat(4)}`.trim();
    const text = `Konferansen starter kl. 09.00 på Høgskolen i Østfold. ${"Blåbærsyltetøy ".repeat(12)}`.trim();
    await send({
      from: "noreply@markedsdialog.local",
      to: ["a@example.no", "b@example.no"],
      subject,
      text,
      html: "<p>Konferansen starter kl. 09.00</p>",
      textEncoding: "base64",
    });

    const mail = await catcher.waitFor((m) => m.subject === subject, 3000);
    assert.match(mail.headers["content-type"] ?? "", /^multipart\/alternative/);
    assert.equal(mail.text, text);
    assert.deepEqual(mail.to, ["a@example.no", "b@example.no"]);
  });

  it("when long quoted-printable lines are soft-wrapped, then they are joined again", async () => {
    const text = `Øvre linje ${"ærlig ".repeat(30)}slutt\nAndre linje`;
    await send({ from: "x@example.no", to: "y@example.no", subject: "QP", text, textEncoding: "quoted-printable" });
    const mail = await catcher.waitFor((m) => m.subject === "QP", 3000);
    assert.match(mail.raw, /=\r\n/, "the body really was soft-wrapped");
    assert.equal(mail.text, text);
  });

  it("when no matching mail arrives, then waitFor rejects and names what did arrive", async () => {
    catcher.clear();
    await send({ from: "x@example.no", to: "y@example.no", subject: "Noe annet", text: "." });
    await catcher.waitFor(() => true, 3000);
    await assert.rejects(
      catcher.waitFor((m) => m.subject === "Finnes ikke", 200),
      /within 200 ms; received: "Noe annet"/,
    );
  });
});
