import type { Response } from "express";
import { GROUPS_STYLE_HASH } from "@markedsdialog/core";

/**
 * A printable page (group lists, the meeting grid): escaped HTML whose only style is the shared print
 * stylesheet, allowed by its hash; nothing else may load, frame it or submit from it.
 */
export function sendPrintable(res: Response, html: string): undefined {
  res
    .status(200)
    .type("text/html; charset=utf-8")
    .setHeader(
      "Content-Security-Policy",
      `default-src 'none'; style-src '${GROUPS_STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    );
  res.send(html);
  return undefined;
}

/** A CSV export (cells already neutralised against spreadsheet formulas); with a name, as a download. */
export function sendCsv(res: Response, csv: string, filename?: string): undefined {
  res.status(200).type("text/csv; charset=utf-8");
  if (filename) res.setHeader("content-disposition", `attachment; filename="${filename}"`);
  res.send(csv);
  return undefined;
}
