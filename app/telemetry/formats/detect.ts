import { CsvDecoder } from '../../core/csv/decode';
import { parseCsvText } from '../../core/csv/parser';
import type { CsvDelimiter, CsvTable } from '../../core/csv/types';
import { FloorwalkError } from '../../core/errors';
import { interpretColumn, looksLikeCduHeader } from '../map/columns';
import type { ColumnOverride } from '../map/overrides';
import { isNvsmiHeader, splitPdsh } from './nvidia-smi';
import { longLayout } from './long';
import { grafanaLayout } from './grafana';
import { looksLikeRedfishJson, redfishCsvLayout } from './redfish';
import { planTable } from './table';
import { inferDateOrder, type DateOrder } from '../map/timestamps';
import { FORMAT_LABELS, type TelemetryFormat } from '../types';

/**
 * Which format a file is, from its first 64 KB: Prometheus text (`# TYPE`, `DCGM_FI_…{`), nvidia-smi
 * (a header of field names with `", "` separators, or noheader rows starting `YYYY/MM/DD HH:MM:SS.mmm, `,
 * pdsh prefixes stripped), else a CSV dialect (the CSV module sniffs `,` `;` TAB and reads `sep=`) whose
 * header says long format, DCGM flattened CSV, CDU export or rack/PDU export. Pure.
 */

export interface Detection {
  readonly format: TelemetryFormat;
  readonly evidence: string;
  readonly encoding: string;
  /** For CSV-based formats: the delimiter the CSV module found (or was told). */
  readonly delimiter: CsvDelimiter | undefined;
  readonly decimalComma: boolean;
  readonly dateOrder: DateOrder;
  /** Null when the sample has no a/b/yyyy dates; false when it has some that cannot tell. */
  readonly dateOrderCertain: boolean | null;
  /** A long file simple enough for the byte fast path (UTF-8, no BOM, no sep= line, commas). */
  readonly fastLong: boolean;
  readonly needsColumns: boolean;
  readonly header: readonly string[];
  readonly warnings: readonly string[];
}

/** A `date` line (pdsh runs `date; nvidia-smi …`): weekday, month, day, time. */
function isDateLine(text: string): boolean {
  return /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{1,2}:\d{2}/.test(text);
}

const NVSMI_NOHEADER_ROW = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{3}, /;
const PROMETHEUS_LINE = /^(# (HELP|TYPE) \S+|DCGM_FI_[A-Z0-9_]+(\{|\s))/;
const MAX_SAMPLE_LINES = 400;
const MAX_HEADER_SEARCH_RECORDS = 100;

function headerFormat(fields: readonly string[], overrides: readonly ColumnOverride[]): TelemetryFormat | null {
  if (grafanaLayout(fields)) return 'grafana';
  if (redfishCsvLayout(fields)) return 'redfish';
  if (longLayout(fields)) return 'long';
  if (fields.some((f) => /^\s*DCGM_FI_/i.test(f))) return 'dcgm-csv';
  if (looksLikeCduHeader(fields) && planTable(fields, 'cdu', overrides)) return 'cdu';
  if (planTable(fields, 'env', overrides)) return 'rack-env';
  return null;
}

/**
 * Why no header was found, where, and the nearest format: the first record, what its columns are
 * read as, and what is missing for the format it comes closest to.
 */
function refusal(table: CsvTable, lines: readonly string[]): string {
  const first = table.header;
  const line = table.headerLine;
  const preview = (lines[0] ?? '').slice(0, 120);
  const shape = `line ${line} has ${first.length} field${first.length === 1 ? '' : 's'} split by ${JSON.stringify(table.dialect.delimiter)}: "${preview}${(lines[0] ?? '').length > 120 ? '…' : ''}"`;
  const meanings = first.map((h) => interpretColumn(h, 'env', false));
  const times = meanings.filter((m) => m.role === 'timestamp' || m.role === 'date').map((m) => m.header);
  const metrics = meanings.filter((m) => m.role === 'metric').map((m) => m.header);
  const longRoles = first.filter((h) => /^(metric|name|value|target|host|timestamp|time)$/i.test(h.trim()));
  let nearest: string;
  if (longRoles.length >= 2 && metrics.length === 0) {
    nearest = `nearest: the long format (timestamp,target,metric,value[,unit]) — it has ${longRoles.join(', ')} but not all four`;
  } else if (times.length > 0 && metrics.length === 0) {
    nearest = `nearest: a rack/PDU export — it has a time column (${times.join(', ')}) but no column Floorwalk reads as a quantity; name one with --format rack-env --map 'COLUMN=METRIC[:UNIT]'`;
  } else if (metrics.length > 0 && times.length === 0) {
    nearest = `nearest: a rack/PDU export — it has quantities (${metrics.slice(0, 4).join(', ')}) but no time column; name it with --format rack-env --map 'COLUMN=timestamp'`;
  } else if (metrics.length > 0 && times.length > 0) {
    nearest = `nearest: a rack/PDU export — it has a time column (${times.join(', ')}) and quantities (${metrics.slice(0, 4).join(', ')}), but the column map leaves nothing to read or nothing naming the target`;
  } else {
    nearest = 'nearest: the long format (timestamp,target,metric,value[,unit]), which any tool can write';
  }
  return `Floorwalk does not recognise this file: detection gave up at the header search (${shape}); it is not nvidia-smi CSV, DCGM exporter output, a rack/PDU or CDU export with a time column, or the long format; ${nearest}.`;
}

/** The first record that is a header of a known kind (of the forced format, when one is forced). */
function findHeader(table: CsvTable, forced: TelemetryFormat | undefined, overrides: readonly ColumnOverride[]): { format: TelemetryFormat; headerIndex: number } | null {
  const records = [table.header, ...table.records.map((r) => r.fields)].slice(0, MAX_HEADER_SEARCH_RECORDS);
  for (let i = 0; i < records.length; i++) {
    const format = headerFormat(records[i] ?? [], overrides);
    if (format && (!forced || format === forced)) return { format, headerIndex: i };
  }
  return null;
}

function sampleText(sample: Uint8Array, complete: boolean): { text: string; encoding: string } {
  const decoder = new CsvDecoder();
  let text = decoder.push(sample);
  if (complete) text += decoder.end();
  else {
    // Drop the last, probably partial, line.
    const cut = Math.max(text.lastIndexOf('\n'), 0);
    text = text.slice(0, cut);
  }
  return { text, encoding: decoder.encoding };
}

export function detectFormat(
  sample: Uint8Array,
  complete: boolean,
  options: { format?: TelemetryFormat | undefined; hasColumns: boolean; overrides?: readonly ColumnOverride[]; columnCount?: number },
): Detection {
  const { text, encoding } = sampleText(sample, complete);
  const body = text.replace(/^\ufeff/, '');
  const lines = body.split(/\r?\n/, MAX_SAMPLE_LINES).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new FloorwalkError('invalid_input', 'The file is empty.');
  const forced = options.format;
  const base = { encoding, delimiter: undefined, decimalComma: false, dateOrder: 'mdy' as DateOrder, dateOrderCertain: null, fastLong: false, needsColumns: false, header: [], warnings: [] };

  if ((forced === 'redfish' || !forced) && looksLikeRedfishJson(body)) {
    return { ...base, format: 'redfish', evidence: forced ? 'forced' : 'Redfish MetricReport JSON (MetricValues)' };
  }
  if (forced === 'dcgm-prometheus' || (!forced && lines.some((l) => PROMETHEUS_LINE.test(l)))) {
    return { ...base, format: 'dcgm-prometheus', evidence: forced ? 'forced' : 'Prometheus text exposition (# TYPE / DCGM_FI_… lines)' };
  }
  const bodies = lines.map((l) => splitPdsh(l).body.trim());
  const headerLine = bodies.find((b) => b.includes(', ') && isNvsmiHeader(b));
  const noHeaderRows = bodies.filter((b) => NVSMI_NOHEADER_ROW.test(b)).length;
  // noheader rows whose query list does not start with the timestamp: with --columns given, most lines
  // (pdsh prefixes and date lines aside) carry exactly that many ", "-separated fields.
  const rows = bodies.filter((b) => b !== '' && !isDateLine(b));
  const fitColumns = options.columnCount !== undefined && options.columnCount > 1 && rows.length > 0 && rows.filter((b) => b.split(', ').length === options.columnCount).length * 2 > rows.length;
  if (forced === 'nvidia-smi' || (!forced && (headerLine !== undefined || noHeaderRows > 0 || fitColumns))) {
    const needsColumns = headerLine === undefined && !options.hasColumns;
    const pdsh = lines.some((l) => splitPdsh(l).host !== null);
    return {
      ...base,
      format: 'nvidia-smi',
      evidence: forced
        ? 'forced'
        : headerLine !== undefined
          ? `nvidia-smi --format=csv header${pdsh ? ' (pdsh host prefixes)' : ''}`
          : noHeaderRows > 0
            ? 'nvidia-smi rows without a header (--format=csv,noheader)'
            : `nvidia-smi rows without a header, ${options.columnCount ?? 0} fields each as --columns names${pdsh ? ' (pdsh host prefixes)' : ''}`,
      needsColumns,
      header: headerLine !== undefined ? headerLine.split(',').map((c) => c.trim()) : [],
      warnings: needsColumns ? ['The file has no header line (nvidia-smi ran with noheader): give the --query-gpu field list as columns.'] : [],
    };
  }

  // The CSV module sniffs the delimiter from the first line; a preamble (APC data.txt) can mislead it, so
  // when no header turns up, the other delimiters are tried before giving up.
  const first = parseCsvText(body);
  const tries: Array<CsvDelimiter | undefined> = [undefined, ...(['\t', ';', ','] as const).filter((d) => d !== first.dialect.delimiter)];
  let found: { table: CsvTable; format: TelemetryFormat; headerIndex: number } | null = null;
  for (const forcedDelimiter of first.dialect.delimiterSource === 'sniffed' ? tries : [undefined]) {
    const table = forcedDelimiter === undefined ? first : parseCsvText(body, { delimiter: forcedDelimiter });
    const header = findHeader(table, forced, options.overrides ?? []);
    if (header) {
      found = { table, ...header };
      break;
    }
  }
  const table = found?.table ?? first;
  const delimiter = table.dialect.delimiter as CsvDelimiter;
  const records = [table.header, ...table.records.map((r) => r.fields)].slice(0, MAX_HEADER_SEARCH_RECORDS);
  const decimalComma = delimiter !== ',';
  const sepLine = table.dialect.delimiterSource === 'sep-line';
  const format: TelemetryFormat | null = found?.format ?? forced ?? null;
  const headerIndex = found?.headerIndex ?? -1;
  const evidence = forced ? 'forced' : found ? `${FORMAT_LABELS[found.format]}: header on line ${headerIndex === 0 ? table.headerLine : (table.records[headerIndex - 1]?.line ?? headerIndex + 1)}` : '';
  if (!format) throw new FloorwalkError('invalid_input', refusal(table, lines), { line: table.headerLine });
  const header = headerIndex >= 0 ? (records[headerIndex] ?? []) : [];
  const dataRows = headerIndex >= 0 ? records.slice(headerIndex + 1) : records;
  const order = inferDateOrder(dataRows.flatMap((r) => r.slice(0, Math.min(r.length, 4))));
  const warnings: string[] = [];
  if (order && !order.certain) warnings.push('Dates such as 03/04/2026 could be day-first or month-first; this sample cannot tell, so they are read month-first (MM/DD/YYYY).');
  return {
    ...base,
    format,
    evidence,
    delimiter,
    decimalComma,
    dateOrder: order?.order ?? 'mdy',
    dateOrderCertain: order ? order.certain : null,
    fastLong: format === 'long' && delimiter === ',' && encoding === 'utf-8' && !table.dialect.bom && !sepLine,
    header,
    warnings,
  };
}
