// How a report cell reads on the page: counts with thousands separators, durations as m:ss, KPIs as percentages
// (mean durations among them as m:ss),
// times without seconds or zone (the zone is printed once above the table), empty as a dash.
const two = (n) => String(n).padStart(2, '0');
// one formatter for every cell: toLocaleString would build a new one per number (a full day's report has 46,000)
const NUMBER = new Intl.NumberFormat('zh-CN');
export const count = (n) => NUMBER.format(n);

const duration = (ms) => { const s = Math.round(ms / 1000); return Math.floor(s / 60) + ':' + two(s % 60); };

// A KPI whose key ends in _ms (ASA, AHT, mean time to abandon) is a mean duration, not a rate.
export const isMeanDuration = (kind, key) => kind === 'kpi' && /_ms$/.test(key || '');

// The satisfaction report names its rows' dimension by code; the page says it in Chinese.
const DIMENSIONS = { total: '全部', queue: '队列', agent: '坐席', topic: '话题' };

export function cellText(kind, v, key) {
  if (v === null || v === undefined) return '—';
  if (key === 'by' && DIMENSIONS[v]) return DIMENSIONS[v];
  switch (kind) {
    case 'count': return NUMBER.format(Number(v));
    case 'duration_ms': return duration(v);
    case 'kpi':
      if (v.value === null) return '—';
      return isMeanDuration(kind, key) ? duration(v.value) : (v.value * 100).toFixed(1) + '%';
    case 'time': return String(v).replace('T', ' ').replace(/:00(\.0+)?([+-]\d\d:\d\d|Z)$/, '').replace(/([+-]\d\d:\d\d|Z)$/, '');
    default: return String(v);
  }
}

export function sortValue(kind, v) {
  if (v === null || v === undefined) return -Infinity;
  if (kind === 'kpi') return v.value === null ? -Infinity : v.value;
  return v;
}
