import { z } from "zod";
import {
  acceptMeetingSchema,
  agenda,
  agendaQuery,
  decideMeeting,
  generateSchedule,
  generateScheduleSchema,
  getSchedule,
  meetingRequestAnswer,
  meetingRequestSchema,
  needContactsCsv,
  publishSchedule,
  publishScheduleSchema,
  requestMeeting,
  scheduleAnswer,
  scheduleCsvFor,
  scheduleGridFor,
} from "@markedsdialog/core";
import type { AppContext } from "../context";
import { route } from "../http/route";
import { sendCsv, sendPrintable } from "../http/printable";

const idParams = z.strictObject({ id: z.string() });
const tag = "Conference meetings";
const mail = (ctx: AppContext) => ({
  smtpUrl: ctx.config.SMTP_URL,
  from: ctx.config.MAIL_FROM,
  publicUrl: ctx.config.PUBLIC_URL.replace(/\/$/, ""),
});

export const conferenceMeetingRoutes = [
  route({
    method: "post",
    path: "/conferences/:id/meeting-requests",
    operationId: "requestConferenceMeeting",
    summary: "Ask for a one-to-one meeting between a registered buyer and supplier (the requester is one side)",
    description:
      "Refused with nothing stored: to oneself or naming an unregistered or unknown organisation (400), beyond the organiser's maximum of open requests, twice for the same pair and need, or about a need whose tender is announced (409).",
    tag,
    access: "authenticated",
    params: idParams,
    body: meetingRequestSchema,
    status: 201,
    errors: [403, 404, 409],
    response: meetingRequestAnswer,
    handle: async ({ actor, params, body }) => requestMeeting(actor, params.id, body),
  }),
  route({
    method: "post",
    path: "/meeting-requests/:id/accept",
    operationId: "acceptConferenceMeeting",
    summary: "Accept a meeting request with one's own ranking (the side that was asked)",
    tag,
    access: "authenticated",
    params: idParams,
    body: acceptMeetingSchema,
    errors: [403, 404, 409],
    response: meetingRequestAnswer,
    handle: async ({ actor, params, body }) => decideMeeting(actor, params.id, body),
  }),
  route({
    method: "post",
    path: "/meeting-requests/:id/decline",
    operationId: "declineConferenceMeeting",
    summary: "Decline a meeting request (the side that was asked)",
    tag,
    access: "authenticated",
    params: idParams,
    errors: [403, 404, 409],
    response: meetingRequestAnswer,
    handle: async ({ actor, params }) => decideMeeting(actor, params.id, "decline"),
  }),
  route({
    method: "post",
    path: "/conferences/:id/schedule",
    operationId: "generateConferenceSchedule",
    summary: "Schedule the accepted requests as a new version (organisers); keeps the last published meetings",
    tag,
    access: "authenticated",
    params: idParams,
    body: generateScheduleSchema,
    status: 201,
    errors: [403, 404, 409],
    response: scheduleAnswer,
    handle: async ({ actor, params, body }) => generateSchedule(actor, params.id, body),
  }),
  route({
    method: "get",
    path: "/conferences/:id/schedule",
    operationId: "getConferenceSchedule",
    summary: "Organisers: the latest version; a registered organisation: its meetings in the last published one",
    tag,
    access: "authenticated",
    params: idParams,
    errors: [404],
    response: scheduleAnswer,
    handle: async ({ actor, params }) => getSchedule(actor, params.id),
  }),
  route({
    method: "post",
    path: "/conferences/:id/schedule/publish",
    operationId: "publishConferenceSchedule",
    summary: "Publish a version as preliminary or final (organisers); final e-mails each participant its agenda",
    tag,
    access: "authenticated",
    params: idParams,
    body: publishScheduleSchema,
    errors: [403, 404, 409],
    response: scheduleAnswer,
    handle: async ({ actor, params, body, ctx }) => publishSchedule(actor, params.id, body, mail(ctx)),
  }),
  route({
    method: "get",
    path: "/conferences/:id/agenda.ics",
    operationId: "getConferenceAgenda",
    summary: "An organisation's meetings in the last published schedule as iCalendar (itself or organisers)",
    tag,
    access: "authenticated",
    params: idParams,
    query: agendaQuery,
    responseType: "text/calendar",
    responseDescription: "RFC 5545, Europe/Oslo, one stable UID per meeting request",
    errors: [403, 404],
    handle: async ({ actor, params, query, res }) => {
      const ics = await agenda(actor, params.id, query.org);
      res.status(200).type("text/calendar; charset=utf-8").send(ics);
      return undefined;
    },
  }),
  route({
    method: "get",
    path: "/conferences/:id/schedule.csv",
    operationId: "getConferenceScheduleCsv",
    summary: "The latest schedule version as CSV (organisers), safe against spreadsheet formulas",
    tag,
    access: "authenticated",
    params: idParams,
    responseType: "text/csv",
    responseDescription: "One row per meeting",
    errors: [403, 404],
    handle: async ({ actor, params, res }) => {
      return sendCsv(res, await scheduleCsvFor(actor, params.id));
    },
  }),
  route({
    method: "get",
    path: "/conferences/:id/schedule.html",
    operationId: "printConferenceSchedule",
    summary: "The latest schedule version as a printable grid of slots and tables (organisers)",
    tag,
    access: "authenticated",
    params: idParams,
    responseType: "text/html",
    responseDescription: "One row per slot, one column per table",
    errors: [403, 404],
    handle: async ({ actor, params, res }) => {
      return sendPrintable(res, await scheduleGridFor(actor, params.id));
    },
  }),
  route({
    method: "get",
    path: "/needs/:id/contacts.csv",
    operationId: "getNeedContactsCsv",
    summary: "Every meeting request and meeting with suppliers about the need, with times (its buyer, the admin)",
    tag,
    access: "authenticated",
    params: idParams,
    responseType: "text/csv",
    responseDescription: "One row per meeting request, with its meeting in the last published schedule",
    errors: [403, 404],
    handle: async ({ actor, params, res }) => {
      return sendCsv(res, await needContactsCsv(actor, params.id));
    },
  }),
];
