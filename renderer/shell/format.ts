/** Number and time formatting for dense tables: short, aligned, unit always shown. */

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return whole.format(value);
}

/** 1,234 → "1.2k", 12,345 → "12k": for the sidebar where space is tight. */
export function formatCompact(value: number): string {
  if (value < 1000) return whole.format(value);
  if (value < 10_000) return `${oneDecimal.format(value / 1000)}k`;
  if (value < 1_000_000) return `${whole.format(value / 1000)}k`;
  return `${oneDecimal.format(value / 1_000_000)}M`;
}

export function formatKw(kw: number): string {
  if (kw >= 1000) return `${oneDecimal.format(kw / 1000)} MW`;
  return `${kw >= 100 ? whole.format(kw) : oneDecimal.format(kw)} kW`;
}

/** "41.2 / 62.0 kW" (or MW for whole halls). */
export function formatKwPair(used: number, budget: number): string {
  if (Math.max(used, budget) >= 100_000) return `${whole.format(used / 1000)} / ${whole.format(budget / 1000)} MW`;
  if (Math.max(used, budget) >= 1000) return `${oneDecimal.format(used / 1000)} / ${oneDecimal.format(budget / 1000)} MW`;
  return `${oneDecimal.format(used)} / ${oneDecimal.format(budget)} kW`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${oneDecimal.format(bytes / 1024)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${oneDecimal.format(bytes / 1024 / 1024)} MiB`;
  return `${oneDecimal.format(bytes / 1024 / 1024 / 1024)} GiB`;
}

/** Local date and time to the second, e.g. "2026-11-25 14:03:07". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function ratio(used: number, budget: number): number {
  if (budget > 0) return used / budget;
  return used > 0 ? Infinity : 0;
}

/** Load bands for bars: ok below 85 %, high up to 100 %, over beyond. */
export function loadBand(value: number): 'ok' | 'high' | 'over' {
  if (value > 1) return 'over';
  if (value > 0.85) return 'high';
  return 'ok';
}
