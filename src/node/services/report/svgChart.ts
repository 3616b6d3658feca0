import { escapeHtml } from './html.js';
export interface SvgSeries {
  label: string;
  colour: string;
  values: (number | undefined)[];
}

/** A small line chart as inline SVG (a printed report cannot run scripts), one point per epoch. */
export function svgLineChart(
  title: string,
  series: readonly SvgSeries[],
  options: { width?: number; height?: number; yMin?: number; yMax?: number } = {},
): string {
  const width = options.width ?? 420;
  const height = options.height ?? 220;
  const pad = { left: 44, right: 12, top: 28, bottom: 28 };
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== undefined);
  const yMin = options.yMin ?? Math.min(0, ...all);
  const yMax = options.yMax ?? Math.max(1e-9, ...all);
  const count = Math.max(1, ...series.map((s) => s.values.length));
  const x = (i: number) =>
    pad.left + (count === 1 ? 0 : (i / (count - 1)) * (width - pad.left - pad.right));
  const y = (v: number) =>
    pad.top + (1 - (v - yMin) / (yMax - yMin || 1)) * (height - pad.top - pad.bottom);
  const lines = series.map((s) => {
    const points = s.values
      .map((v, i) => (v === undefined ? undefined : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter((p): p is string => p !== undefined)
      .join(' ');
    return `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${points}"/>`;
  });
  const legend = series.map(
    (s, i) =>
      `<text x="${pad.left + i * 120}" y="16" font-size="12" fill="${s.colour}">${escapeHtml(s.label)}</text>`,
  );
  const axes = [
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#888"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#888"/>`,
    `<text x="4" y="${pad.top + 4}" font-size="11">${formatTick(yMax)}</text>`,
    `<text x="4" y="${height - pad.bottom}" font-size="11">${formatTick(yMin)}</text>`,
    `<text x="${width - pad.right - 60}" y="${height - 6}" font-size="11">epoch ${count}</text>`,
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${[...axes, ...lines, ...legend].join('')}</svg>`;
}

function formatTick(value: number): string {
  return Math.abs(value) >= 10 ? value.toFixed(0) : value.toFixed(2);
}
