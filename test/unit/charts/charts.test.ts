import { describe, expect, it } from 'vitest';
import { scoreLatencyLayout } from '../../../src/charts/scoreLatency.ts';
import { subjectSpreadLayout } from '../../../src/charts/subjectSpread.ts';

describe('scoreLatencyLayout', () => {
  const points = [
    { id: 'a', label: 'nimbus · aurora', score: 0.62, low: 0.55, high: 0.69, latencyMs: 200 },
    { id: 'b', label: 'quillstack · aurora', score: 0.61, low: 0.54, high: 0.68, latencyMs: 210 },
    { id: 'c', label: 'harborlight · basalt', score: 0.71, low: 0.65, high: 0.77, latencyMs: 900 },
  ];
  const layout = scoreLatencyLayout(points);

  it('places every point, and its interval, inside the plot', () => {
    for (const p of layout.points) {
      expect(p.x).toBeGreaterThanOrEqual(layout.plot.left);
      expect(p.x).toBeLessThanOrEqual(layout.plot.right);
      expect(p.yHigh).toBeGreaterThanOrEqual(layout.plot.top);
      expect(p.yLow).toBeLessThanOrEqual(layout.plot.bottom);
      expect(p.yHigh).toBeLessThan(p.yLow);
    }
    expect(layout.points.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps labels of nearby points apart', () => {
    const [a, b] = layout.points;
    expect(Math.abs((a?.labelY ?? 0) - (b?.labelY ?? 0))).toBeGreaterThanOrEqual(13);
  });

  it('turns labels near the right edge to the left', () => {
    expect(layout.points[2]?.anchor).toBe('end');
    expect(layout.points[0]?.anchor).toBe('start');
  });
});

describe('subjectSpreadLayout', () => {
  it('puts one row per run and each subject at its score', () => {
    const layout = subjectSpreadLayout([
      {
        id: 'a',
        label: 'A',
        overall: 0.5,
        subjects: [
          { subject: 'x', score: 0 },
          { subject: 'y', score: 1 },
        ],
      },
      { id: 'b', label: 'B', overall: 0.7, subjects: [{ subject: 'x', score: 0.7 }] },
    ]);
    expect(layout.rows).toHaveLength(2);
    const [a] = layout.rows;
    expect(a?.dots.map((d) => d.x)).toEqual([layout.plot.left, layout.plot.right]);
    expect(a?.minX).toBe(layout.plot.left);
    expect(a?.maxX).toBe(layout.plot.right);
    expect(layout.rows[1]?.y).toBeGreaterThan(a?.y ?? 0);
  });
});
