// Axis and tooltip labels for report charts, in London time.
const HOUR_TICK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY_TICK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short' });
const FULL = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY_FULL = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

export const tickLabel = (bucket: 'hour' | 'day') => (t: number): string => (bucket === 'hour' ? HOUR_TICK : DAY_TICK).format(t);
export const pointLabel = (bucket: 'hour' | 'day') => (t: number): string => (bucket === 'hour' ? FULL : DAY_FULL).format(t);
