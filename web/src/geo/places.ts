/**
 * Counties and municipalities (number, name, a point inside) and the map's outlines, made at build time
 * by web/scripts/geo.ts from Kartverket's boundaries (© Kartverket, CC BY 4.0) and loaded when a page
 * needs them, never with the first page.
 */
export interface Place {
  id: string;
  name: string;
}
export interface MunicipalityPlace extends Place {
  county: string;
  lat: number;
  lon: number;
}
export interface Places {
  counties: Place[];
  municipalities: MunicipalityPlace[];
}
export interface MapShapes {
  width: number;
  height: number;
  areas: (Place & { d: string })[];
}

const loaded = new Map<string, Promise<unknown>>();
function load<T>(file: string): Promise<T> {
  let promise = loaded.get(file);
  if (!promise) {
    promise = fetch(`/geo/${file}`).then((res) => {
      if (!res.ok) throw new Error(`/geo/${file}: HTTP ${res.status}`);
      return res.json();
    });
    promise.catch(() => loaded.delete(file));
    loaded.set(file, promise);
  }
  return promise as Promise<T>;
}

export const loadPlaces = () => load<Places>("places.json");
export const loadShapes = (level: "county" | "municipality") =>
  load<MapShapes>(level === "county" ? "counties.json" : "municipalities.json");

/** Names by number, for counties and municipalities alike (their numbers never collide: 2 and 4 digits). */
export function placeNames(places: Places): Map<string, string> {
  return new Map([...places.counties, ...places.municipalities].map((p) => [p.id, p.name]));
}
