import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import pg from "pg";

export const { MongoClient, ObjectId } = mongoose.mongo;
export type Db = mongoose.mongo.Db;
export type Client = mongoose.mongo.MongoClient;
/** The kinds of `_id` the storage tests use. */
type Id = mongoose.mongo.ObjectId | mongoose.mongo.Long | mongoose.mongo.Double | mongoose.mongo.Int32;
export type Doc = { _id: Id | string | number | boolean | Date | object; [field: string]: unknown };
/** A filter on any field with any value: the tests query ids of every BSON type, which the driver's types refuse. */
export const where = (filter: Record<string, unknown>) => filter as mongoose.mongo.Filter<Doc>;

/** A driver connection to the run's FerretDB/MongoDB with a database of its own. */
export async function connectStorage(name: string) {
  const url = process.env["MONGO_URL"];
  if (!url) throw new Error("Run the tests with `npm test`: it starts FerretDB");
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db(`t_${name}_${process.pid}_${randomBytes(3).toString("hex")}`);
  const info = await db.admin().command({ buildInfo: 1 });
  return { client, db, ferretdb: typeof info["ferretdbVersion"] === "string" };
}

/** FerretDB's PostgreSQL database, when the runner started it (TEST_POSTGRES_URL). */
export async function connectPostgres(): Promise<pg.Client | undefined> {
  const url = process.env["TEST_POSTGRES_URL"];
  if (!url) return undefined;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The table FerretDB keeps a collection in (its schema is the database's name). */
export async function tableOf(pgClient: pg.Client, db: string, collection: string): Promise<string> {
  const { rows } = await pgClient.query<{ table: string }>(
    `SELECT _jsonb->>'table' AS table FROM ${pg.escapeIdentifier(db)}._ferretdb_database_metadata
     WHERE _jsonb->>'_id' = $1`,
    [collection],
  );
  if (!rows[0]) throw new Error(`no table for ${db}.${collection}`);
  return rows[0].table;
}

/**
 * What PostgreSQL has counted on the table so far: rows read by sequential scans, index scans, and index
 * scans of the `_id` index. Backends publish their counters when idle, within about 10 s.
 */
export async function scanCounts(pgClient: pg.Client, db: string, table: string) {
  const { rows } = await pgClient.query<{ seq_rows: string; idx: string; id_index: string }>(
    `SELECT t.seq_tup_read AS seq_rows, coalesce(t.idx_scan, 0) AS idx, coalesce(sum(i.idx_scan), 0) AS id_index
     FROM pg_stat_user_tables t
     LEFT JOIN pg_stat_user_indexes i ON i.relid = t.relid AND i.indexrelname LIKE '%\\_\\_id\\_\\_%'
     WHERE t.schemaname = $1 AND t.relname = $2 GROUP BY t.relid, t.seq_tup_read, t.idx_scan`,
    [db, table],
  );
  const row = rows[0];
  return { seqRows: Number(row?.seq_rows ?? 0), idx: Number(row?.idx ?? 0), idIndex: Number(row?.id_index ?? 0) };
}

/** A need-shaped document of about 1 KB. */
export function needDoc(i: number, buyers: mongoose.Types.ObjectId[]) {
  return {
    buyerId: buyers[i % buyers.length],
    buyerName: `Kommune ${i % buyers.length}`,
    title: `Behov ${i}: vinterdrift og vedlikehold av kommunale veier, bygg og anlegg`,
    challenge: "Vi trenger forutsigbar brøyting og strøing av kommunal vei med færre utslipp. ".repeat(3),
    description: "Kommunen ønsker dialog med leverandører om utslippsfri drift og beredskap. ".repeat(6),
    cpv: ["90620000-9", "90630000-2"],
    cpvCodes: ["90620000", "90600000", "90000000", "90630000"],
    municipalities: ["3207"],
    counties: ["32"],
    status: i % 4 === 0 ? "draft" : "published",
    publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    version: 1,
  };
}
