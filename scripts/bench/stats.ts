export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function timeMany(runs: number, fn: () => void): { p50: number; p95: number; max: number } {
  fn(); // warm statement cache and pages
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
