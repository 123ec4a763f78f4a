/**
 * The map's shapes, made at build time from the TopoJSON boundaries in web/data/geo (© Kartverket, CC BY 4.0):
 * each county and municipality as an SVG path in an Albers equal-area projection centred on Norway,
 * rounded to tenths of a pixel with repeated points dropped; and places.json, the counties and
 * municipalities (number, name, county, a point inside from the reference data) for the search filters.
 * Written to web/public/geo/ (served as /geo/*.json, loaded only by the pages that use them), when
 * missing or older than their sources.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";
import type { Topology } from "topojson-specification";
import type { Feature, Geometry, Position } from "geojson";
import { allCounties, allMunicipalities } from "@markedsdialog/core/reference/places";

const dataDir = fileURLToPath(new URL("../data/geo/", import.meta.url));
const outDir = fileURLToPath(new URL("../public/geo/", import.meta.url));

export const MAP_WIDTH = 600;

/** Albers equal-area conic, standard parallels 60° and 68° N, centred on 15° E, 65° N. */
function albers(): (lon: number, lat: number) => [number, number] {
  const rad = Math.PI / 180;
  const [phi1, phi2, phi0, lambda0] = [60 * rad, 68 * rad, 65 * rad, 15 * rad];
  const n = (Math.sin(phi1) + Math.sin(phi2)) / 2;
  const c = Math.cos(phi1) ** 2 + 2 * n * Math.sin(phi1);
  const rho0 = Math.sqrt(c - 2 * n * Math.sin(phi0)) / n;
  return (lon, lat) => {
    const rho = Math.sqrt(c - 2 * n * Math.sin(lat * rad)) / n;
    const theta = n * (lon * rad - lambda0);
    return [rho * Math.sin(theta), -(rho0 - rho * Math.cos(theta))];
  };
}

interface Area {
  id: string;
  name: string;
  d: string;
}

export interface MapShapes {
  width: number;
  height: number;
  areas: Area[];
}

function rings(geometry: Geometry): Position[][] {
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

function shapes(file: string, idKey: string): MapShapes {
  const topology = JSON.parse(readFileSync(`${dataDir}${file}`, "utf8")) as Topology;
  const object = Object.values(topology.objects)[0]!;
  const collection = feature(topology, object) as unknown as { features: Feature<Geometry, Record<string, string>>[] };
  const project = albers();
  const all = collection.features.flatMap((f) => rings(f.geometry).flat());
  const projected = all.map(([lon, lat]) => project(lon!, lat!));
  const xs = projected.map((p) => p[0]);
  const ys = projected.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = MAP_WIDTH / (maxX - minX);
  const height = Math.ceil((maxY - minY) * scale);
  const toPixel = (lon: number, lat: number): [number, number] => {
    const [x, y] = project(lon, lat);
    return [Math.round((x - minX) * scale * 10) / 10, Math.round((y - minY) * scale * 10) / 10];
  };
  const areas = collection.features.map((f) => {
    const parts: string[] = [];
    for (const ring of rings(f.geometry)) {
      const points: string[] = [];
      let last = "";
      for (const [lon, lat] of ring) {
        const [x, y] = toPixel(lon!, lat!);
        const point = `${x} ${y}`;
        if (point !== last) points.push(point);
        last = point;
      }
      if (points.length >= 3) parts.push(`M${points.join("L")}Z`);
    }
    return { id: f.properties[idKey]!, name: f.properties["name"]!, d: parts.join("") };
  });
  areas.sort((a, b) => a.name.localeCompare(b.name, "nb"));
  return { width: MAP_WIDTH, height, areas };
}

const OUTPUTS = [
  { source: "fylker_2024.topojson", target: "counties.json", idKey: "fylkesnummer" },
  { source: "kommuner_2024.topojson", target: "municipalities.json", idKey: "kommunenummer" },
];

/** The places the search filters offer, sorted by name. */
function places() {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "nb");
  return {
    counties: allCounties()
      .map((c) => ({ id: c.number, name: c.name }))
      .sort(byName),
    municipalities: allMunicipalities()
      .map((m) => ({ id: m.number, name: m.name, county: m.countyNumber, lat: m.lat, lon: m.lon }))
      .sort(byName),
  };
}

/** Writes what is missing or older than its source; answers a line per file. */
export function writeMapShapes(): string[] {
  mkdirSync(outDir, { recursive: true });
  const placesFile = `${outDir}places.json`;
  const placesLine = existsSync(placesFile)
    ? "public/geo/places.json is there"
    : (writeFileSync(placesFile, JSON.stringify(places())), "wrote public/geo/places.json");
  return [
    placesLine,
    ...OUTPUTS.map(({ source, target, idKey }) => {
      const out = `${outDir}${target}`;
      if (existsSync(out) && statSync(out).mtimeMs >= statSync(`${dataDir}${source}`).mtimeMs)
        return `public/geo/${target} is current`;
      const json = JSON.stringify(shapes(source, idKey));
      writeFileSync(out, json);
      return `wrote public/geo/${target} (${(json.length / 1024).toFixed(0)} KB)`;
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) for (const line of writeMapShapes()) console.log(line);
