/**
 * Places of the embedded index's documents: coordinates by internal id in typed arrays, and the ids by grid
 * cell, so a radius looks at the cells it overlaps instead of at every document. (Orama 3's geo tree visits
 * every point on each radius query.) Radius queries hold anywhere on the globe: across the antimeridian, and
 * around a pole (a circle that reaches one looks at every longitude).
 */
import { distanceKm, EARTH_RADIUS_KM } from "../../reference/places";

const CELL_LAT = 0.25; // about 28 km
const CELL_LON = 0.5; // about 28 km at 60°N
const LON_CELLS = 360 / CELL_LON;
/** Degrees added to the bounding box so rounding never drops a point on the circle (the distance decides). */
const SLACK = 1e-7;
const DEGREES = 180 / Math.PI;

export class GeoGrid {
  private readonly cells = new Map<number, Set<number>>();
  private lat = new Float64Array(1024).fill(Number.NaN); // NaN: no place
  private lon = new Float64Array(1024);

  private key(lat: number, lon: number): number {
    return Math.floor((lat + 90) / CELL_LAT) * 1000 + lonCell(lon);
  }

  private grow(id: number): void {
    if (id < this.lat.length) return;
    const size = Math.max(id + 1, this.lat.length * 2);
    const lat = new Float64Array(size).fill(Number.NaN);
    lat.set(this.lat);
    const lon = new Float64Array(size);
    lon.set(this.lon);
    this.lat = lat;
    this.lon = lon;
  }

  add(id: number, point: { lat: number; lon: number } | undefined): void {
    this.grow(id);
    if (!point) return;
    this.lat[id] = point.lat;
    this.lon[id] = point.lon;
    const key = this.key(point.lat, point.lon);
    const cell = this.cells.get(key) ?? new Set<number>();
    cell.add(id);
    this.cells.set(key, cell);
  }

  delete(id: number): void {
    const lat = this.lat[id] ?? Number.NaN;
    if (Number.isNaN(lat)) return;
    this.cells.get(this.key(lat, this.lon[id] ?? 0))?.delete(id);
    this.lat[id] = Number.NaN;
  }

  /** Kilometres from the point; Infinity for a document without a place. */
  distance(id: number, point: { lat: number; lon: number }): number {
    const lat = this.lat[id] ?? Number.NaN;
    return Number.isNaN(lat) ? Infinity : distanceKm(point, { lat, lon: this.lon[id] ?? 0 });
  }

  /**
   * A test for "within `radiusKm`" (bounding box first) and the cells that can hold such documents. The box
   * is the circle's: its angular radius in latitude, and in longitude the widest the circle gets,
   * asin(sin δ / cos φ), or every longitude when the circle reaches a pole.
   */
  radius(
    point: { lat: number; lon: number },
    radiusKm: number,
  ): { has: (id: number) => boolean; cells: Set<number>[] } {
    const angle = radiusKm / EARTH_RADIUS_KM;
    const dLat = angle * DEGREES + SLACK;
    const reachesPole = Math.abs(point.lat) + dLat >= 90;
    const dLon = reachesPole ? 180 : Math.asin(Math.sin(angle) / Math.cos(point.lat / DEGREES)) * DEGREES + SLACK;
    const has = (id: number): boolean => {
      const lat = this.lat[id] ?? Number.NaN;
      if (!(Math.abs(lat - point.lat) <= dLat)) return false;
      const lon = this.lon[id] ?? 0;
      const apart = Math.abs(lon - point.lon);
      if (Math.min(apart, 360 - apart) > dLon) return false;
      return distanceKm(point, { lat, lon }) <= radiusKm;
    };
    if (reachesPole) return { has, cells: [...this.cells.values()] };
    const keys = new Set<number>();
    const [a0, a1] = [Math.floor((point.lat - dLat + 90) / CELL_LAT), Math.floor((point.lat + dLat + 90) / CELL_LAT)];
    const [o0, o1] = [Math.floor((point.lon - dLon + 180) / CELL_LON), Math.floor((point.lon + dLon + 180) / CELL_LON)];
    for (let a = a0; a <= a1; a++) for (let o = o0; o <= o1; o++) keys.add(a * 1000 + wrapLonCell(o));
    const cells: Set<number>[] = [];
    for (const key of keys) {
      const cell = this.cells.get(key);
      if (cell && cell.size > 0) cells.push(cell);
    }
    return { has, cells };
  }
}

const wrapLonCell = (cell: number): number => ((cell % LON_CELLS) + LON_CELLS) % LON_CELLS;
/** Longitude 180 is -180: one column of cells. */
const lonCell = (lon: number): number => wrapLonCell(Math.floor((lon + 180) / CELL_LON));
