import type { Db } from '../../db/open';
import { parseCsvText, type CsvTable } from '../../core/csv';
import { readCsvFile } from '../../core/csv/file';
import { refuseBinaryText } from '../../core/sniff';
import { refuseBinaryFile } from '../../core/sniff-file';
import { FloorwalkError } from '../../core/errors';
import { Progress, type PhaseTicker, type ProgressSink } from '../../core/progress';
import type { InventoryImportReport, InventoryKind } from '../../inventory/detail-types';
import { ChangeRecorder, inTransaction } from '../../inventory/writes/context';
import { acceleratorsImporter } from './accelerators';
import { mapColumns, toImportRows } from './columns';
import { devicesImporter } from './devices';
import type { KindImporter } from './plan';
import { racksImporter } from './racks';
import { roomsImporter } from './rooms';
import { ChangeList } from './changes';
import { ErrorSink } from './report';
import { sitesImporter } from './sites';

export { exportInventory } from './export';
export { IMPORT_ERROR_LIMIT } from './report';
export { IMPORT_CHANGE_LIMIT } from './changes';

const IMPORTERS: Record<InventoryKind, KindImporter> = {
  sites: sitesImporter,
  rooms: roomsImporter,
  racks: racksImporter,
  devices: devicesImporter,
  accelerators: acceleratorsImporter,
};

/** Rows between cancellation checks while checking and writing. */
const CANCEL_CHECK_ROWS = 1000;

export interface ImportOptions {
  readonly db: Db;
  readonly actor: string;
  readonly kind: InventoryKind;
  readonly source: { readonly path: string } | { readonly text: string; readonly name: string };
  readonly dryRun: boolean;
  readonly reason?: string | undefined;
  readonly onProgress?: ProgressSink | undefined;
  readonly signal?: AbortSignal | undefined;
}

function sourceName(source: ImportOptions['source']): string {
  return 'path' in source ? source.path : source.name;
}

/**
 * Bulk import of one kind from CSV (Floorwalk's columns or NetBox's). Every row is checked first — against
 * the database and against the other rows of the file — and every error is reported by row and column.
 * Only a file without a single error is written, in one transaction with one change-log entry per row
 * (sharing a change set, so undo reverts the whole import); a dry run stops before writing.
 */
export async function importInventory(options: ImportOptions): Promise<InventoryImportReport> {
  const { db, kind } = options;
  const importer = IMPORTERS[kind];
  const progress = new Progress(options.onProgress);
  const sink = new ErrorSink();
  const cancelled = (): void => {
    if (options.signal?.aborted) throw new FloorwalkError('cancelled', 'The import was cancelled; nothing was written.');
  };
  const emptyReport = (rows: number, unknownColumns: string[]): InventoryImportReport => ({
    kind,
    rows,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: sink.errors,
    errorCount: sink.count,
    unknownColumns,
    dryRun: options.dryRun,
    committed: false,
    changes: [],
    changeCount: 0,
  });

  let table: CsvTable;
  try {
    // A PNG or a workbook dropped here is refused before the CSV reader makes rows of it.
    const expected = 'a CSV file (Floorwalk or NetBox columns)';
    if ('path' in options.source) await refuseBinaryFile(options.source.path, sourceName(options.source), expected);
    else refuseBinaryText(options.source.text, options.source.name, expected);
    if ('path' in options.source) {
      const name = `Reading ${sourceName(options.source)}`;
      let reading: PhaseTicker | null = null;
      let lastRead = 0;
      table = await readCsvFile(options.source.path, {
        onBytes: (read, total) => {
          reading ??= progress.phase(name, total, 0.2);
          reading.tick(read - lastRead);
          lastRead = read;
        },
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } else {
      table = parseCsvText(options.source.text);
    }
  } catch (error) {
    // A file that cannot be read as CSV at all (an unclosed quote) is one error of the file, not a crash.
    if (!(error instanceof FloorwalkError) || error.code !== 'invalid_input') throw error;
    sink.add(0, error.line, '', error.message);
    return emptyReport(0, []);
  }
  cancelled();

  if (table.header.length === 0) {
    sink.header('', `${sourceName(options.source)} is empty: it has no header line.`);
    return emptyReport(0, []);
  }
  const map = mapColumns(table.header, importer.columns, table.records, sink);
  const rows = toImportRows(table.records);
  const missing = importer.missingColumns(map);
  if (missing) sink.header('', missing);
  if (sink.count > 0) return emptyReport(rows.length, map.unknown);

  // Checking and writing share one transaction: lookups run thirty times faster inside one than each
  // in its own, and for a commit the write lock taken up front means nothing changes between the two.
  const commit = !options.dryRun;
  const { planned: plan, changes } = inTransaction(
    db,
    () => {
      const checking = progress.phase('Checking rows', rows.length, commit ? 0.6 : 1);
      let checked = 0;
      const planned = importer.plan(
        {
          db,
          sink,
          tick: () => {
            checking.tick();
            if (++checked % CANCEL_CHECK_ROWS === 0) cancelled();
          },
        },
        map,
        rows,
      );
      checking.finish();
      // Described inside the transaction, so the names it shows are the ones the check saw.
      const changes = new ChangeList(db);
      for (const write of planned.writes) changes.add(write);
      if (!commit || sink.count > 0) return { planned, changes };
      const writing = progress.phase('Writing', planned.created + planned.updated, 1);
      let written = 0;
      const recorder = new ChangeRecorder(db, { actor: options.actor, reason: options.reason ?? `import of ${kind} from ${sourceName(options.source)}` }, true);
      planned.commit(recorder, () => {
        writing.tick();
        if (++written % CANCEL_CHECK_ROWS === 0) cancelled();
      });
      writing.finish();
      return { planned, changes };
    },
    commit ? 'immediate' : 'deferred',
  );
  return {
    kind,
    rows: rows.length,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    errors: sink.errors,
    errorCount: sink.count,
    unknownColumns: map.unknown,
    dryRun: options.dryRun,
    committed: commit && sink.count === 0,
    changes: changes.changes,
    changeCount: changes.count,
  };
}
