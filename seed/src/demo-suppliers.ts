import { createRandom } from "./random";
import { buildSupplier, type Home, type SupplierSpec } from "./supplier-builder";
import { CLUSTERS, type Cluster, type ClusterKey } from "./demo-data/places";
import { TRADES } from "./demo-data/trades";
import { ANCHOR_SUPPLIERS } from "./demo-data/anchor-suppliers";
import { municipality } from "@markedsdialog/core";

/** The demo's supplier list is drawn from this seed; change it and every generated firm changes. */
const DEMO_SUPPLIER_SEED = 2027;

function homeIn(cluster: Cluster, random: ReturnType<typeof createRandom>): Home {
  const town = random.pick(cluster.towns);
  const countyNumber = municipality(town.municipality)?.countyNumber ?? cluster.counties[0] ?? "";
  return {
    municipality: town.municipality,
    place: random.pick(town.places),
    region: random.pick(cluster.regions),
    countyNumber,
    nn: town.nn ?? false,
    nearby: cluster.towns.map((t) => t.municipality),
    counties: cluster.counties.includes(countyNumber) ? cluster.counties : [countyNumber, ...cluster.counties],
  };
}

/**
 * About 300 suppliers: the hand-written anchors, then for every trade and cluster the number of firms the
 * trade lists. Deterministic: the same list on every run, so the seed can look each firm up by its number.
 */
export function demoSuppliers(): SupplierSpec[] {
  const random = createRandom(DEMO_SUPPLIER_SEED);
  const names = new Set(ANCHOR_SUPPLIERS.map((s) => s.organization.name));
  const isFree = (name: string) => !names.has(name);
  const suppliers = [...ANCHOR_SUPPLIERS];
  for (const trade of TRADES) {
    for (const [key, count = 0] of Object.entries(trade.homes) as [ClusterKey, number | undefined][]) {
      for (let i = 0; i < count; i++) {
        const supplier = buildSupplier(trade, homeIn(CLUSTERS[key], random), random, isFree);
        names.add(supplier.organization.name);
        suppliers.push(supplier);
      }
    }
  }
  return suppliers;
}
