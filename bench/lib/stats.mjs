// Summary statistics. Percentiles use the nearest-rank method (p95 of 15 samples is the 15th).

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function summary(values) {
  if (values.length === 0) return { n: 0 };
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    n: values.length,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(sum / values.length),
  };
}

export function round(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** 12345.6 → "12,346" */
export function fmtInt(value) {
  return value === null || value === undefined ? '—' : Math.round(value).toLocaleString('en-US');
}

export function fmtSize(n) {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}
