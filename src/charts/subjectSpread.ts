import { scaleLinear } from 'd3';

/** Layout of the per-subject spread: one row per run, a dot per subject, a bar at the overall score. */

export interface SpreadRow {
  id: string;
  label: string;
  overall: number;
  subjects: { subject: string; score: number }[];
}

export interface SpreadLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: { x: number; label: string }[];
  rows: (SpreadRow & {
    y: number;
    overallX: number;
    minX: number;
    maxX: number;
    dots: { subject: string; score: number; x: number }[];
  })[];
}

export const ROW_HEIGHT = 26;

export function subjectSpreadLayout(rows: readonly SpreadRow[], width = 640): SpreadLayout {
  const plot = { left: 200, top: 10, right: width - 16, bottom: 10 + rows.length * ROW_HEIGHT };
  const height = plot.bottom + 30;
  const x = scaleLinear().domain([0, 1]).range([plot.left, plot.right]);
  return {
    width,
    height,
    plot,
    xTicks: x.ticks(5).map((t) => ({ x: x(t), label: `${Math.round(t * 100)}%` })),
    rows: rows.map((row, i) => {
      const scores = row.subjects.map((s) => s.score);
      return {
        ...row,
        y: plot.top + ROW_HEIGHT * (i + 0.5),
        overallX: x(row.overall),
        minX: x(Math.min(...scores, row.overall)),
        maxX: x(Math.max(...scores, row.overall)),
        dots: row.subjects.map((s) => ({ ...s, x: x(s.score) })),
      };
    }),
  };
}
