/**
 * Places of the embedded index's documents: coordinates by internal id in typed arrays, and the ids by grid
 * cell, so a radius looks at the cells it overlaps instead of at every document. (Orama 3's geo tree visits
 * every point on each radius query.)
 */
import { distanceKm } from "../../reference/places";

const CELL_LAT = 0.25; // about 28 km
const CELL_LON = 0.5; // about 28 km at 60°N

export class GeoGrid {
  private readonly cells = new Map<number, Set<number>>();
  private lat = new Float64Array(1024).fill(Number.NaN); // NaN: no place
  private lon = new Float64Array(1024);

  private key(lat: number, lon: number): number {
    return Math.floor((lat + 90) / CELL_LAT) * 1000 + Math.floor((lon + 180) / CELL_LON);
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

  /** A test for "within `radiusKm`" (bounding box first) and the cells that can hold such documents. */
  radius(
    point: { lat: number; lon: number },
    radiusKm: number,
  ): { has: (id: number) => boolean; cells: Set<number>[] } {
    const dLat = radiusKm / 111.2;
    const cos = Math.cos((point.lat * Math.PI) / 180);
    const dLon = cos > 1e-6 ? radiusKm / (111.32 * cos) : 360;
    const has = (id: number): boolean => {
      const lat = this.lat[id] ?? Number.NaN;
      const lon = this.lon[id] ?? 0;
      if (!(Math.abs(lat - point.lat) <= dLat) || Math.abs(lon - point.lon) > dLon) return false;
      return distanceKm(point, { lat, lon }) <= radiusKm;
    };
    const cells: Set<number>[] = [];
    if (dLon >= 180) return { has, cells: [...this.cells.values()] };
    const [a0, a1] = [Math.floor((point.lat - dLat + 90) / CELL_LAT), Math.floor((point.lat + dLat + 90) / CELL_LAT)];
    const [o0, o1] = [Math.floor((point.lon - dLon + 180) / CELL_LON), Math.floor((point.lon + dLon + 180) / CELL_LON)];
    for (let a = a0; a <= a1; a++) {
      for (let o = o0; o <= o1; o++) {
        const cell = this.cells.get(a * 1000 + (((o % 720) + 720) % 720));
        if (cell && cell.size > 0) cells.push(cell);
      }
    }
    return { has, cells };
  }
}
