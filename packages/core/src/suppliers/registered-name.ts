import { SupplierProfile, type SupplierProfileRecord } from "./supplier-profile.model";
import { AppError } from "../errors";
import { emitDomainEvent } from "../events";
import { withVersionClaim } from "../platform/version-claims";

const ATTEMPTS = 10;

/**
 * After a supplier organisation's registered name changed: the profile's next version, so its search
 * document (which carries the registered name) is written again. Nothing in the profile itself changes.
 */
export async function refreshSupplierRegisteredName(orgId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await SupplierProfile.findById(orgId, { version: 1 }).lean();
    if (!current) return;
    try {
      const profile = await withVersionClaim("supplier", orgId, current.version + 1, () =>
        SupplierProfile.findByIdAndUpdate(
          orgId,
          { $inc: { version: 1 } },
          { returnDocument: "after" },
        ).lean<SupplierProfileRecord>(),
      );
      await emitDomainEvent({ type: "supplier.changed", id: orgId, version: profile.version });
      return;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict") || attempt >= ATTEMPTS - 1) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}
