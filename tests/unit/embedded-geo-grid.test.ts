/** The embedded engine's geo grid: a radius query must find exactly what checking every point would. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { distanceKm } from "@markedsdialog/core/reference/places";
import { GeoGrid } from "@markedsdialog/core/search/embedded/geo-grid";
import { MAX_RADIUS_KM } from "@markedsdialog/core/search/query";
import { randomSource } from "./random";

type Point = { lat: number; lon: number };

/** Uniform on the sphere, or crowded into a latitude band when given one. */
function randomPoint(random: ReturnType<typeof randomSource>, lat?: [number, number], lon?: [number, number]): Point {
  const [south, north] = lat ?? [-90, 90];
  const sin = random.between(Math.sin((south * Math.PI) / 180), Math.sin((north * Math.PI) / 180));
  return { lat: (Math.asin(sin) * 180) / Math.PI, lon: random.between(...(lon ?? [-180, 180])) };
}

/** The ids the grid answers: the cells' ids that pass its test. */
function gridAnswer(grid: GeoGrid, point: Point, radiusKm: number): number[] {
  const { has, cells } = grid.radius(point, radiusKm);
  const out = new Set<number>();
  for (const cell of cells) for (const id of cell) if (has(id)) out.add(id);
  return [...out].sort((a, b) => a - b);
}

const bruteForce = (points: (Point | undefined)[], point: Point, radiusKm: number): number[] =>
  points.flatMap((p, id) => (p && distanceKm(point, p) <= radiusKm ? [id] : []));

function check(points: (Point | undefined)[], centres: Point[], radii: number[], label: string): void {
  const grid = new GeoGrid();
  points.forEach((p, id) => grid.add(id, p));
  for (const centre of centres) {
    for (const radiusKm of radii) {
      assert.deepEqual(
        gridAnswer(grid, centre, radiusKm),
        bruteForce(points, centre, radiusKm),
        `${label}: ${radiusKm} km around ${centre.lat},${centre.lon}`,
      );
    }
  }
}

const RADII = [0.1, 5, 30, 120, 600, MAX_RADIUS_KM];

describe("geo grid radius queries equal brute force", () => {
  it("when points and centres are anywhere on the globe, then the grid finds exactly the points within the radius", () => {
    const random = randomSource(11);
    const points = Array.from({ length: 4000 }, () => randomPoint(random));
    check(
      points,
      Array.from({ length: 40 }, () => randomPoint(random)),
      RADII,
      "globe",
    );
  });

  it("when points crowd around Norway, as the real data does, then the grid finds exactly the points within the radius", () => {
    const random = randomSource(12);
    const points = Array.from({ length: 4000 }, () => randomPoint(random, [57, 72], [4, 32]));
    const centres = [
      ...Array.from({ length: 30 }, () => randomPoint(random, [57, 72], [4, 32])),
      ...points.slice(0, 10), // a document's own place is within any radius
    ];
    check(points, centres, RADII, "Norway");
  });

  it("when the circle reaches or crosses a pole, then points on the far side of it are found", () => {
    const random = randomSource(13);
    const points = [
      ...Array.from({ length: 1500 }, () => randomPoint(random, [80, 90])),
      ...Array.from({ length: 1500 }, () => randomPoint(random, [-90, -80])),
      { lat: 90, lon: 0 },
      { lat: -90, lon: 123 },
    ];
    const centres = [
      ...Array.from({ length: 12 }, () => randomPoint(random, [84, 90])),
      ...Array.from({ length: 12 }, () => randomPoint(random, [-90, -84])),
      { lat: 90, lon: 0 },
      { lat: -90, lon: 0 },
      { lat: 89.9, lon: 45 },
    ];
    check(points, centres, RADII, "poles");
  });

  it("when the circle crosses the antimeridian, then points on the other side of ±180° are found", () => {
    const random = randomSource(14);
    const points = [
      ...Array.from({ length: 2000 }, () => randomPoint(random, [-70, 70], [170, 180])),
      ...Array.from({ length: 2000 }, () => randomPoint(random, [-70, 70], [-180, -170])),
      { lat: 0, lon: 180 },
      { lat: 0, lon: -180 },
    ];
    const centres = [
      ...Array.from({ length: 20 }, () => randomPoint(random, [-70, 70], [178, 180])),
      ...Array.from({ length: 20 }, () => randomPoint(random, [-70, 70], [-180, -178])),
      { lat: 0, lon: 180 },
      { lat: 65, lon: -179.99 },
    ];
    check(points, centres, RADII, "antimeridian");
  });

  it("when points move or lose their place, then radius queries follow", () => {
    const grid = new GeoGrid();
    const ski = { lat: 59.72, lon: 10.83 };
    grid.add(1, ski);
    grid.add(2, { lat: 60.39, lon: 5.32 });
    grid.add(3, undefined);
    assert.deepEqual(gridAnswer(grid, ski, 10), [1]);
    grid.delete(1);
    assert.deepEqual(gridAnswer(grid, ski, 10), []);
    grid.add(1, ski);
    grid.delete(2);
    grid.add(2, { lat: 59.7, lon: 10.8 });
    assert.deepEqual(gridAnswer(grid, ski, 10), [1, 2]);
    assert.equal(grid.distance(3, ski), Infinity, "no place, no distance");
    assert.ok(Math.abs(grid.distance(2, ski) - distanceKm(ski, { lat: 59.7, lon: 10.8 })) < 1e-9);
  });
});
