import { scaleLinear } from 'd3';

/** Layout of the score-against-latency chart: plain numbers, no DOM; the component draws it. */

export interface ScorePoint {
  id: string;
  label: string;
  score: number;
  low: number;
  high: number;
  latencyMs: number;
}

export interface ScoreLatencyLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  points: (ScorePoint & {
    x: number;
    y: number;
    yLow: number;
    yHigh: number;
    labelX: number;
    /** Where the label sits: at the point, or moved down clear of other labels. */
    labelY: number;
    anchor: 'start' | 'end';
  })[];
}

/** Rough width of a label in the chart's 11px font: enough to keep labels from overlapping. */
const labelWidth = (label: string) => label.length * 6.3;
const LINE = 13;

export function scoreLatencyLayout(points: readonly ScorePoint[], width = 640, height = 300): ScoreLatencyLayout {
  const plot = { left: 52, top: 12, right: width - 16, bottom: height - 40 };
  const maxLatency = Math.max(1, ...points.map((p) => p.latencyMs));
  const x = scaleLinear()
    .domain([0, maxLatency * 1.1])
    .nice()
    .range([plot.left, plot.right]);
  const lows = points.map((p) => p.low);
  const highs = points.map((p) => p.high);
  const y = scaleLinear()
    .domain([Math.max(0, Math.min(...lows) - 0.05), Math.min(1, Math.max(...highs) + 0.05)])
    .nice()
    .range([plot.bottom, plot.top]);
  const middle = (plot.left + plot.right) / 2;
  const placed = points
    .map((p) => {
      const px = x(p.latencyMs);
      // Labels point away from the nearer edge so they stay inside the plot.
      const anchor: 'start' | 'end' = px > middle ? 'end' : 'start';
      const labelX = anchor === 'end' ? px - 8 : px + 8;
      const py = y(p.score);
      return { ...p, x: px, y: py, yLow: y(p.low), yHigh: y(p.high), labelX, labelY: py, anchor };
    })
    .sort((a, b) => a.y - b.y || a.x - b.x);
  // Greedy placement from the top: a label that would overlap one already placed moves down a line.
  const boxes: { left: number; right: number; y: number }[] = [];
  for (const p of placed) {
    const w = labelWidth(p.label);
    const left = p.anchor === 'start' ? p.labelX : p.labelX - w;
    const overlaps = () => boxes.some((b) => Math.abs(b.y - p.labelY) < LINE && left < b.right && left + w > b.left);
    while (overlaps() && p.labelY < plot.bottom) p.labelY += LINE;
    boxes.push({ left, right: left + w, y: p.labelY });
  }
  return {
    width,
    height,
    plot,
    xTicks: x.ticks(6).map((t) => ({ x: x(t), label: t >= 1000 ? `${(t / 1000).toFixed(1)} s` : `${t} ms` })),
    yTicks: y.ticks(5).map((t) => ({ y: y(t), label: `${Math.round(t * 100)}%` })),
    points: placed.sort((a, b) => points.findIndex((q) => q.id === a.id) - points.findIndex((q) => q.id === b.id)),
  };
}
