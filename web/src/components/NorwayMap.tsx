/**
 * Norway's counties or municipalities as SVG, each area coloured by its value in five classes and a link
 * (to the search page filtered to it) whose name says the area and its value.
 */
import { Link } from "react-router";
import type { MapShapes } from "../geo/places";

export const MAP_COLOURS = ["#dcebf7", "#a9cbe8", "#6fa5d6", "#3a78b8", "#1a4f8a"];
export const NO_VALUE_COLOUR = "#f3f3f3";
const STEPS = [0.02, 0.1, 0.3, 0.6];

/** The class (0–4) of a value against the largest one. */
export function colourClass(value: number, max: number): number {
  const share = max > 0 ? value / max : 0;
  return STEPS.filter((s) => share > s).length;
}

interface Props {
  shapes: MapShapes;
  values: Map<string, number>;
  /** The area's value as text, for its link's name. */
  describe(id: string, name: string): string;
  href(id: string): string;
  title: string;
}

export function NorwayMap({ shapes, values, describe, href, title }: Props) {
  const max = Math.max(0, ...values.values());
  return (
    <svg viewBox={`0 0 ${shapes.width} ${shapes.height}`} role="group" aria-label={title}>
      {shapes.areas.map((area) => {
        const value = values.get(area.id);
        const fill = value ? MAP_COLOURS[colourClass(value, max)] : NO_VALUE_COLOUR;
        return (
          <Link key={area.id} to={href(area.id)} data-area={area.id}>
            <title>{describe(area.id, area.name)}</title>
            <path d={area.d} fill={fill} />
          </Link>
        );
      })}
    </svg>
  );
}
