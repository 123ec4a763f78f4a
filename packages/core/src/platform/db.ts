import mongoose from "mongoose";

/**
 * Connects mongoose to MongoDB or FerretDB. Only features both MongoDB 7 and FerretDB 1.24 support are
 * used: no transactions, $text, 2dsphere or collation (see README, "Database compatibility").
 */
export async function connectDatabase(url: string, dbName: string): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
  await mongoose.connect(url, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await Promise.all(Object.values(mongoose.models).map((model) => model.createIndexes()));
  return mongoose;
}

export async function pingDatabase(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  await db.admin().command({ ping: 1 });
  return true;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
