// Importing an LA's term dates: read the uploaded file (.ics or CSV), decide purely what it
// holds and what it would change, and on apply save terms and closures through the settings
// with one audit entry, in one transaction. The poller's calendar reloads at once.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { AppFailure } from '../../../shared/result.ts';
import { SettingsSchema, type Settings } from '../../../shared/settings.ts';
import { buildTermDates } from '../../../shared/term-dates.ts';
import { mergeTermDates, type TermImportPreview } from '../../../shared/term-import.ts';
import type { CoreContext } from '../context.ts';
import { readCsvAll } from '../files/csv-reader.ts';
import type { RequestContext } from '../operator.ts';
import { icsItems } from './ics-events.ts';
import { csvItems } from './term-csv.ts';

type Deps = Pick<CoreContext, 'store' | 'settings' | 'poller' | 'clock' | 'uploads'>;

/** An LA calendar is a few kilobytes; anything this big is the wrong file. */
const MAX_BYTES = 4 * 1024 * 1024;

const basisOf = (s: { terms: Settings['terms']; closures: Settings['closures'] }): string =>
  createHash('sha256').update(canonicalJson({ terms: s.terms, closures: s.closures })).digest('hex').slice(0, 16);

export class TermImport {
  readonly #d: Deps;
  constructor(deps: Deps) {
    this.#d = deps;
  }

  async preview(uploadId: string): Promise<TermImportPreview> {
    const { name, path, size } = await this.#d.uploads.complete(uploadId);
    if (size > MAX_BYTES) throw new AppFailure('validation', `${name} is ${Math.round(size / 1024)} KB: too big for a term-dates file`);
    const bytes = await readFile(path);
    const head = bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    const ics = head.toUpperCase().startsWith('BEGIN:VCALENDAR') || name.toLowerCase().endsWith('.ics');
    const { items, ignored } = ics ? icsItems(bytes.toString('utf8')) : await this.#csv(bytes);
    const found = buildTermDates(items, ignored);
    const current = this.#current();
    const merge = mergeTermDates(current, found);
    return { uploadId, fileName: name, format: ics ? 'ics' : 'csv', basis: basisOf(current), years: merge.years, ...found, changes: merge.changes };
  }

  /** Saves what the preview showed; refused if the calendar changed since (someone else saved). */
  async apply(uploadId: string, basis: string, { actor }: RequestContext): Promise<Settings> {
    const p = await this.preview(uploadId);
    if (p.basis !== basis) throw new AppFailure('conflict', 'The school calendar was changed since this preview; preview the file again');
    if (p.terms.length === 0) throw new AppFailure('validation', 'The file holds no term dates, so nothing was saved');
    const { next } = mergeTermDates(this.#current(), p);
    const checked = SettingsSchema.pick({ terms: true, closures: true }).safeParse(next);
    if (!checked.success) throw new AppFailure('validation', `These term dates cannot be saved: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    const { store, settings, clock, poller, uploads } = this.#d;
    await store.withTransaction(async (tx) => {
      await tx.settings.set('terms', checked.data.terms);
      await tx.settings.set('closures', checked.data.closures);
      await tx.audit.record({
        at: clock.now(),
        actor,
        action: 'calendar.import',
        siteId: null,
        target: p.fileName,
        detail: { format: p.format, years: p.years, terms: p.terms.map(({ name, start, end }) => ({ name, start, end })), closures: p.closures.map((c) => c.date), ignored: p.ignored.length, changes: p.changes },
        outcome: 'ok',
      });
    });
    uploads.discard(uploadId);
    // Written through the transaction: the settings in memory and the poller's calendar read them again.
    const saved = await settings.reload();
    poller.reloadSettings();
    return saved;
  }

  #current(): { terms: Settings['terms']; closures: Settings['closures'] } {
    return { terms: this.#d.settings.get('terms'), closures: this.#d.settings.get('closures') };
  }

  async #csv(bytes: Buffer) {
    const { records, problems } = await readCsvAll(new Uint8Array(bytes));
    return csvItems(records, problems);
  }
}
