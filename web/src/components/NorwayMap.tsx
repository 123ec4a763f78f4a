/**
 * Norway's counties or municipalities as SVG. With `href`, each area is coloured by its value in five
 * classes and a link (to the search page filtered to it) whose name says the area and its value. With
 * `onPick`, each area is a checkbox (click, Space or Enter) shown picked or not, for choosing areas.
 */
import type { KeyboardEvent } from "react";
import { Link } from "react-router";
import type { MapShapes } from "../geo/places";

export const MAP_COLOURS = ["#dcebf7", "#a9cbe8", "#6fa5d6", "#3a78b8", "#1a4f8a"];
export const NO_VALUE_COLOUR = "#f3f3f3";
export const PICKED_COLOUR = MAP_COLOURS[3]!;
const STEPS = [0.02, 0.1, 0.3, 0.6];

/** The class (0–4) of a value against the largest one. */
export function colourClass(value: number, max: number): number {
  const share = max > 0 ? value / max : 0;
  return STEPS.filter((s) => share > s).length;
}

interface Common {
  shapes: MapShapes;
  /** The area's accessible name: its name, and its value or whether it is picked. */
  describe(id: string, name: string): string;
  title: string;
}
interface Links extends Common {
  values: Map<string, number>;
  href(id: string): string;
}
interface Picks extends Common {
  picked: ReadonlySet<string>;
  onPick(id: string): void;
}

export function NorwayMap(props: Links | Picks) {
  const { shapes, title } = props;
  return (
    <svg viewBox={`0 0 ${shapes.width} ${shapes.height}`} role="group" aria-label={title}>
      {"onPick" in props ? pickAreas(props) : linkAreas(props)}
    </svg>
  );
}

function linkAreas({ shapes, describe, values, href }: Links) {
  const max = Math.max(0, ...values.values());
  return shapes.areas.map((area) => {
    const value = values.get(area.id);
    const fill = value ? MAP_COLOURS[colourClass(value, max)] : NO_VALUE_COLOUR;
    return (
      <Link key={area.id} to={href(area.id)} data-area={area.id}>
        <title>{describe(area.id, area.name)}</title>
        <path d={area.d} fill={fill} />
      </Link>
    );
  });
}

function pickAreas({ shapes, describe, picked, onPick }: Picks) {
  const key = (id: string) => (e: KeyboardEvent) => {
    if (e.key !== " " && e.key !== "Enter") return;
    e.preventDefault();
    onPick(id);
  };
  return shapes.areas.map((area) => (
    <g
      key={area.id}
      role="checkbox"
      tabIndex={0}
      aria-checked={picked.has(area.id)}
      aria-label={describe(area.id, area.name)}
      data-area={area.id}
      onClick={() => onPick(area.id)}
      onKeyDown={key(area.id)}
    >
      <path d={area.d} fill={picked.has(area.id) ? PICKED_COLOUR : NO_VALUE_COLOUR} />
    </g>
  ));
}
