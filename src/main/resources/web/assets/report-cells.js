// How a report cell reads on the page: counts with thousands separators, durations as m:ss, KPIs as percentages,
// times without seconds or zone (the zone is printed once above the table), empty as a dash.
const two = (n) => String(n).padStart(2, '0');
// one formatter for every cell: toLocaleString would build a new one per number (a full day's report has 46,000)
const NUMBER = new Intl.NumberFormat('zh-CN');
export const count = (n) => NUMBER.format(n);

export function cellText(kind, v) {
  if (v === null || v === undefined) return '—';
  switch (kind) {
    case 'count': return NUMBER.format(Number(v));
    case 'duration_ms': { const s = Math.round(v / 1000); return Math.floor(s / 60) + ':' + two(s % 60); }
    case 'kpi': return v.value === null ? '—' : (v.value * 100).toFixed(1) + '%';
    case 'time': return String(v).replace('T', ' ').replace(/:00(\.0+)?([+-]\d\d:\d\d|Z)$/, '').replace(/([+-]\d\d:\d\d|Z)$/, '');
    default: return String(v);
  }
}

export function sortValue(kind, v) {
  if (v === null || v === undefined) return -Infinity;
  if (kind === 'kpi') return v.value === null ? -Infinity : v.value;
  return v;
}
