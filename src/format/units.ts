// Numbers as an operator reads them: sizes in binary units, durations and ages in the largest
// unit that keeps them short. Used by verdict messages, the console and `status`.

export function formatBytes(n: number): string {
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${sign}${text} ${units[i]}`;
}

/** 0.4 s, 12 s, 3 min 5 s, 2 h 10 min, 3 d 4 h */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 10) return `${Number(s.toFixed(1))} s`;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = Math.round(s % 60);
    return r ? `${m} min ${r} s` : `${m} min`;
  }
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86400);
  const h = Math.round((s % 86400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "12:03:04 (2 min ago)": local time of day with its age, for last-good data. */
export function formatAgo(iso: string, now: number): string {
  const t = Date.parse(iso);
  return `${formatClock(t)} (${formatDuration((now - t) / 1000)} ago)`;
}

/** Local time of day, 24-hour: "12:03:04". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
