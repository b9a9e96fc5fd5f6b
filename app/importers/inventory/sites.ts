import { isTimeZone } from '../../inventory/writes/sites';
import type { NewRow } from '../../inventory/writes/entity';
import type { SiteRow } from '../../inventory/writes/tables';
import { Cells, type ColumnSpec } from './columns';
import { FileClaims } from './lookup';
import { simplePlan, type Checked, type KindImporter } from './plan';

/** Sites: code (NetBox: slug), name, timezone (NetBox: time_zone). Upsert key: code. */
export const SITE_COLUMNS: readonly ColumnSpec[] = [
  { field: 'code', names: ['code', 'slug'], identifier: 'Site code' },
  { field: 'name', names: ['name'], identifier: 'Site name' },
  { field: 'timezone', names: ['timezone', 'time_zone'] },
];

export const SITE_EXPORT_HEADER = ['code', 'name', 'timezone'] as const;

export const sitesImporter: KindImporter = {
  columns: SITE_COLUMNS,

  missingColumns(map) {
    return map.index.has('code') ? null : 'The file needs a code (or slug) column: that is how a row finds its site.';
  },

  plan(ctx, map, rows) {
    const { db, sink } = ctx;
    const existing = new Map((db.prepare('SELECT id, code, name, timezone FROM sites').all() as SiteRow[]).map((s) => [s.code.toLowerCase(), s]));
    const claims = new FileClaims<number>();
    const checked: Array<Checked<'site'>> = [];
    for (const record of rows) {
      const cells = new Cells(map, record, sink);
      ctx.tick();
      const code = cells.text('code', 16);
      const name = cells.text('name', 120);
      const timezone = cells.text('timezone', 64);
      if (!code) {
        cells.fail('code', 'A site row needs its code.');
        continue;
      }
      const earlier = claims.claim(code, record.row);
      if (earlier !== undefined) {
        cells.fail('code', `Site code ${code} is also on row ${earlier} of this file.`);
        continue;
      }
      const before = existing.get(code.toLowerCase()) ?? null;
      if (!before && !name) cells.fail('name', `New site ${code} needs a name.`);
      if (!before && !timezone) cells.fail('timezone', `New site ${code} needs its time zone (an IANA name such as Europe/Dublin).`);
      if (timezone && !isTimeZone(timezone)) cells.fail('timezone', `${timezone} is not a time zone; use an IANA name such as Europe/Dublin or America/Phoenix.`);
      if (!cells.ok) continue;
      const row: NewRow<'site'> = {
        code: before?.code ?? code,
        name: name ?? before?.name ?? code,
        timezone: timezone ?? before?.timezone ?? 'UTC',
      };
      checked.push({ cells, before, row });
    }
    return simplePlan(db, 'site', checked);
  },
};
