// Agent schedules in the words a school uses: "Mon–Fri at 02:00, 13:28".
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** ISO weekdays (1 = Monday) → "Mon–Fri", "Mon, Wed", "Every day". Runs of three or more become ranges. */
export function formatDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (sorted.length === 7) return 'Every day';
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j += 1;
    const first = DAY_NAMES[(sorted[i] ?? 1) - 1] ?? '';
    const last = DAY_NAMES[(sorted[j] ?? 1) - 1] ?? '';
    if (j - i >= 2) parts.push(`${first}–${last}`);
    else for (let k = i; k <= j; k++) parts.push(DAY_NAMES[(sorted[k] ?? 1) - 1] ?? '');
    i = j + 1;
  }
  return parts.join(', ');
}

export function formatSchedule(days: readonly number[], times: readonly string[]): string {
  return `${formatDays(days)} at ${[...times].sort().join(', ')}`;
}
