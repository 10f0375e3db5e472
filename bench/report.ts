// Latency statistics and plain-text tables for the benchmark output.

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  max: number;
  /** Requests per second over the wall-clock time of the run. */
  rps: number;
  wallMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(latencies: number[], wallMs: number): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    rps: round(wallMs > 0 ? (sorted.length * 1000) / wallMs : 0),
    wallMs: Math.round(wallMs),
  };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms` : '—');
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
export const count = (value: number) => value.toLocaleString('en-US');
export const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;

/** Display width: CJK and full-width characters take two columns. */
function width(text: string): number {
  let total = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    total +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
        ? 2
        : 1;
  }
  return total;
}

const pad = (text: string, size: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
};

/** A boxed table; columns after the first are right-aligned unless `leftColumns` says otherwise. */
export function table(title: string, headers: string[], rows: string[][], leftColumns = new Set([0])): string {
  const sizes = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: string[]) =>
    '│ ' + cells.map((cell, column) => pad(cell, sizes[column]!, !leftColumns.has(column))).join(' │ ') + ' │';
  const rule = (left: string, middle: string, right: string) => left + sizes.map((size) => '─'.repeat(size + 2)).join(middle) + right;
  return [
    '',
    `■ ${title}`,
    rule('┌', '┬', '┐'),
    line(headers),
    rule('├', '┼', '┤'),
    ...rows.map(line),
    rule('└', '┴', '┘'),
  ].join('\n');
}

export type Verdict = 'pass' | 'fail' | 'none';
export const mark = (verdict: Verdict) => (verdict === 'pass' ? '✓' : verdict === 'fail' ? '✗' : '');
