/** The printable list per discussion group: one section per group, each on its own page when printed. */
import { createHash } from "node:crypto";
import type { ConferenceRecord, GroupAssignment } from "./conference.model";
import { osloText } from "./times";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** The page's only style, allowed by its hash in the answer's Content-Security-Policy. */
export const GROUPS_STYLE =
  "body{font-family:sans-serif;margin:2em}section{break-after:page;page-break-after:always}" +
  "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;text-align:left}";
export const GROUPS_STYLE_HASH = `sha256-${createHash("sha256").update(GROUPS_STYLE).digest("base64")}`;

export function renderGroupsHtml(c: ConferenceRecord, assignment: GroupAssignment): string {
  const e = escapeHtml;
  const sections = assignment.groups.map((g, i) => {
    const rows = g.members.map(
      (m, n) => `<tr><td>${n + 1}</td><td>${e(m.name)}</td><td>${e(m.orgName)}</td><td>${e(m.role ?? "")}</td></tr>`,
    );
    return [
      `<section>`,
      `<h2>Gruppe ${i + 1}: ${e(g.name)}</h2>`,
      g.topic ? `<p>Tema: ${e(g.topic)}</p>` : "",
      `<p>${g.members.length} deltakere</p>`,
      `<table><thead><tr><th>#</th><th>Navn</th><th>Organisasjon</th><th>Rolle</th></tr></thead>`,
      `<tbody>${rows.join("")}</tbody></table>`,
      `</section>`,
    ].join("\n");
  });
  return [
    "<!doctype html>",
    `<html lang="nb"><head><meta charset="utf-8"><title>Grupper – ${e(c.title)}</title>`,
    `<style>${GROUPS_STYLE}</style></head><body>`,
    `<h1>${e(c.title)}</h1>`,
    `<p>${e(c.venue)}, ${e(osloText(c.startsAt))}. Gruppeinndeling (trekning ${assignment.seed}).</p>`,
    ...sections,
    "</body></html>",
    "",
  ].join("\n");
}
