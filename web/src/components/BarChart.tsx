/**
 * Horizontal bars in SVG, one per row, largest first: the chart is an image with a text alternative, each
 * bar's label and value are written beside it, and each bar can be a link (to the search page filtered).
 */
import { Link } from "react-router";

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The value as text, e.g. "10,2 mrd. kr". */
  valueText: string;
  href?: string;
}

const ROW = 30;
const LABEL_WIDTH = 260;
const VALUE_WIDTH = 130;
const WIDTH = 900;

export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = bars.length * ROW + 4;
  return (
    <svg className="md-bars" viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-label={title}>
      {bars.map((bar, i) => {
        const y = i * ROW;
        const width = Math.max(2, (bar.value / max) * barSpace);
        const label = bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label;
        const content = (
          <>
            <title>{`${bar.label}: ${bar.valueText}`}</title>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 5} textAnchor="end">
              {label}
            </text>
            <rect className="md-bar" x={LABEL_WIDTH} y={y + 4} width={width} height={ROW - 8} rx={2} />
            <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2 + 5}>
              {bar.valueText}
            </text>
          </>
        );
        return bar.href ? (
          <Link key={bar.key} to={bar.href}>
            {content}
          </Link>
        ) : (
          <g key={bar.key} role="img" aria-label={`${bar.label}: ${bar.valueText}`}>
            {content}
          </g>
        );
      })}
    </svg>
  );
}
