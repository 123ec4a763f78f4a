import { readReferenceCsv } from "./csv";

export interface Municipality {
  number: string;
  name: string;
  countyNumber: string;
  countyName: string;
  /** A point inside the municipality (not the centroid, which can lie at sea). */
  lat: number;
  lon: number;
  adminCentre: string;
  population: number;
}

export interface County {
  number: string;
  name: string;
  nuts3: string;
}

let municipalities: Map<string, Municipality> | undefined;
let counties: Map<string, County> | undefined;

function municipalityTable(): Map<string, Municipality> {
  municipalities ??= new Map(
    readReferenceCsv("kommuner_2024.csv").map((r) => [
      r.kommunenummer ?? "",
      {
        number: r.kommunenummer ?? "",
        name: r.kommunenavn ?? "",
        countyNumber: r.fylkesnummer ?? "",
        countyName: r.fylkesnavn ?? "",
        lat: Number(r.rep_lat),
        lon: Number(r.rep_lon),
        adminCentre: r.admsenter ?? "",
        population: Number(r.innbyggere) || 0,
      },
    ]),
  );
  return municipalities;
}

function countyTable(): Map<string, County> {
  counties ??= new Map(
    readReferenceCsv("fylker.csv")
      .filter((r) => r.struktur === "2024")
      .map((r) => [
        r.fylkesnummer ?? "",
        { number: r.fylkesnummer ?? "", name: r.fylkesnavn ?? "", nuts3: r.nuts3_2024 ?? "" },
      ]),
  );
  return counties;
}

/** Municipality by its 4-digit kommunenummer in the structure valid from 2024-01-01. */
export const municipality = (number: string): Municipality | undefined => municipalityTable().get(number);
export const county = (number: string): County | undefined => countyTable().get(number);
export const allMunicipalities = (): Municipality[] => [...municipalityTable().values()];
export const allCounties = (): County[] => [...countyTable().values()];

/** The mean Earth radius (IUGG), in kilometres. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}
