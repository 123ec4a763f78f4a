import { demoOrgNumber } from "./org-numbers";
import { ensureGroups, ensureOrganizations, ensureSupplierProfiles, type OrganizationJson } from "./ensure";
import { DEMO_NEEDS, ensureNeeds } from "./demo-needs";
import { demoSuppliers } from "./demo-suppliers";
import { ensureDemoKeys, type DemoKey } from "./demo-keys";
import { ensureDemoUsers, type DemoUser } from "./demo-users";
import { DEMO_BUYERS, DEMO_ORGANISER, type BuyerKey } from "./demo-data/buyers";
import { DEMO_GROUPS } from "./demo-data/groups";

export type SeedLog = (msg: string, fields?: object) => void;

export interface DemoSummary {
  /** Demo records in the database after the run (created now or before). */
  organizations: number;
  needs: number;
  suppliers: number;
  groups: number;
  /** What this run added; all zero when the demo was there already. */
  created: { organizations: number; needs: number; suppliers: number; groups: number; apiKeys: number; users: number };
  /** Well-known API keys for trying the API as a buyer, a supplier and an organiser. */
  keys: DemoKey[];
  /** People to sign in as (administrators of the same three organisations), with the demo password. */
  users: DemoUser[];
}

/** Names of the demo API keys and whose they are. */
const KEY_HOLDERS = {
  nordre_follo: "nordreFollo",
  follo_broyt: "Follo Brøyt og Anlegg AS",
  dialogarena: "organiser",
} as const;

/**
 * Seeds the demo: Follo, Østfold and Sør-Vest buyers with about 60 needs, three buyer groups, about 300
 * suppliers, three demo API keys and a demo user for each of those organisations. Everything goes through the core services as the admin, so each record
 * passes the API's validation. Idempotent: records are found by organisation number, buyer and title, or
 * group slug, and a second run creates nothing.
 */
export async function seedDemo(options: { log?: SeedLog } = {}): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const taken = new Set<string>();
  const buyerEntries = (Object.entries(DEMO_BUYERS) as [BuyerKey, (typeof DEMO_BUYERS)[BuyerKey]][]).map(
    ([key, buyer]) => ({
      key,
      input: {
        kind: "buyer",
        ...buyer,
        orgNumber: demoOrgNumber(`buyer:${buyer.name}`, taken),
      } satisfies OrganizationJson,
    }),
  );
  const organiserEntry = {
    key: "organiser",
    input: {
      kind: "organiser",
      ...DEMO_ORGANISER,
      orgNumber: demoOrgNumber(`organiser:${DEMO_ORGANISER.name}`, taken),
    } satisfies OrganizationJson,
  };
  const suppliers = demoSuppliers();
  const supplierEntries = suppliers.map((s) => ({
    key: s.organization.name,
    input: {
      kind: "supplier",
      ...s.organization,
      orgNumber: demoOrgNumber(`supplier:${s.organization.name}`, taken),
    } satisfies OrganizationJson,
  }));

  const orgs = await ensureOrganizations([...buyerEntries, organiserEntry, ...supplierEntries]);
  log("demo organisations ready", { total: orgs.ids.size, created: orgs.created });
  const idOf = (key: string): string => {
    const id = orgs.ids.get(key);
    if (!id) throw new Error(`Demo organisation ${key} was not created`);
    return id;
  };

  const profiles = await ensureSupplierProfiles(
    suppliers.map((s) => ({ orgId: idOf(s.organization.name), profile: s.profile })),
  );
  log("demo supplier profiles ready", { total: suppliers.length, created: profiles.created });

  const groups = await ensureGroups(DEMO_GROUPS.map((g) => ({ ...g, members: g.members.map(idOf) })));
  log("demo buyer groups ready", { total: DEMO_GROUPS.length, created: groups.created });

  const needs = await ensureNeeds(new Map(buyerEntries.map(({ key }) => [key, idOf(key)])));
  log("demo needs ready", { total: DEMO_NEEDS.length, created: needs.created });

  const keys = await ensureDemoKeys([
    {
      name: "nordre_follo",
      kind: "buyer",
      organization: DEMO_BUYERS.nordreFollo.name,
      organizationId: idOf(KEY_HOLDERS.nordre_follo),
    },
    {
      name: "follo_broyt",
      kind: "supplier",
      organization: KEY_HOLDERS.follo_broyt,
      organizationId: idOf(KEY_HOLDERS.follo_broyt),
    },
    {
      name: "dialogarena",
      kind: "organiser",
      organization: DEMO_ORGANISER.name,
      organizationId: idOf(KEY_HOLDERS.dialogarena),
    },
  ]);

  const users = await ensureDemoUsers([
    {
      email: "innkjoper@nordrefollo.demo",
      name: "Ingrid Innkjøper",
      role: "admin",
      kind: "buyer",
      organization: DEMO_BUYERS.nordreFollo.name,
      organizationId: idOf(KEY_HOLDERS.nordre_follo),
    },
    {
      email: "leverandor@follobroyt.demo",
      name: "Leif Leverandør",
      role: "admin",
      kind: "supplier",
      organization: KEY_HOLDERS.follo_broyt,
      organizationId: idOf(KEY_HOLDERS.follo_broyt),
    },
    {
      email: "arrangor@dialogarena.demo",
      name: "Anne Arrangør",
      role: "admin",
      kind: "organiser",
      organization: DEMO_ORGANISER.name,
      organizationId: idOf(KEY_HOLDERS.dialogarena),
    },
  ]);

  return {
    organizations: orgs.ids.size,
    needs: DEMO_NEEDS.length,
    suppliers: suppliers.length,
    groups: DEMO_GROUPS.length,
    created: {
      organizations: orgs.created,
      needs: needs.created,
      suppliers: profiles.created,
      groups: groups.created,
      apiKeys: keys.created,
      users: users.created,
    },
    keys: keys.keys,
    users: users.users,
  };
}
