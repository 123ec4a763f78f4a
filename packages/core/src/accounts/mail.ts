/**
 * The accounts' e-mails (sign-in links and invitations), in Norwegian, sent over SMTP_URL by the API request
 * that asks for them: a link is worth nothing later, so there is no queue and no retry.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { AppError } from "../errors";

export interface AccountMailSettings {
  smtpUrl?: string;
  from: string;
  /** Where the web app is (PUBLIC_URL): links go to `${publicUrl}/logg-inn?token=…` and `/invitasjon?token=…`. */
  publicUrl: string;
}

export interface AccountMail {
  to: string;
  subject: string;
  text: string;
}

const transports = new Map<string, Transporter>();
function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export const linkTo = (settings: AccountMailSettings, page: "logg-inn" | "invitasjon", token: string): string =>
  `${settings.publicUrl.replace(/\/+$/, "")}/${page}?token=${encodeURIComponent(token)}`;

/** Sends one e-mail; fails with `unavailable` when there is no SMTP_URL or the server refuses it. */
export async function sendAccountMail(settings: AccountMailSettings, mail: AccountMail): Promise<void> {
  if (!settings.smtpUrl) throw new AppError("unavailable", "E-mail cannot be sent: SMTP_URL is not configured");
  try {
    await transportFor(settings.smtpUrl).sendMail({ from: settings.from, ...mail });
  } catch (error) {
    throw new AppError("unavailable", "The e-mail could not be sent; try again", { cause: error });
  }
}

const signature = "Vennlig hilsen\nMarkedsdialog";

export function signInMail(settings: AccountMailSettings, to: string, name: string, token: string): AccountMail {
  return {
    to,
    subject: "Logg inn på Markedsdialog",
    text: [
      `Hei ${name},`,
      "",
      "Bruk denne lenken for å logge inn på Markedsdialog:",
      linkTo(settings, "logg-inn", token),
      "",
      "Lenken virker én gang og i 15 minutter. Ba du ikke om å logge inn, kan du se bort fra denne e-posten.",
      "",
      signature,
    ].join("\n"),
  };
}

export function invitationMail(
  settings: AccountMailSettings,
  invite: { to: string; name?: string; orgName: string; invitedBy: string; token: string },
): AccountMail {
  return {
    to: invite.to,
    subject: `Invitasjon til ${invite.orgName} på Markedsdialog`,
    text: [
      invite.name ? `Hei ${invite.name},` : "Hei,",
      "",
      `${invite.invitedBy} har invitert deg til å bruke Markedsdialog for ${invite.orgName}.`,
      "Godta invitasjonen med denne lenken:",
      linkTo(settings, "invitasjon", invite.token),
      "",
      "Lenken virker én gang og i 7 dager.",
      "",
      signature,
    ].join("\n"),
  };
}
