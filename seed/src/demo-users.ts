import { Types } from "mongoose";
import { findUserByEmail, hashPassword, insertUser, User, type UserRole } from "@markedsdialog/core";

export interface DemoUser {
  email: string;
  name: string;
  role: UserRole;
  kind: "buyer" | "supplier" | "organiser";
  organization: string;
  organizationId: string;
}

/** Public on purpose, like the demo keys: printed by the start script. Demo databases only. */
export const DEMO_PASSWORD = "markedsdialog-demo";

/**
 * Stores the demo users that are missing, with the demo password, and returns all of them. Idempotent: a
 * user is found by address; one seeded before into another organisation is moved to the one named now.
 */
export async function ensureDemoUsers(users: DemoUser[]): Promise<{ users: DemoUser[]; created: number }> {
  let created = 0;
  for (const user of users) {
    const existing = await findUserByEmail(user.email);
    const orgId = new Types.ObjectId(user.organizationId);
    if (!existing) {
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      await insertUser({ email: user.email, name: user.name, role: user.role, orgId, passwordHash });
      created++;
    } else if (!existing.orgId.equals(orgId)) await User.updateOne({ _id: existing._id }, { $set: { orgId } });
  }
  return { users, created };
}
