import type { Migration } from '../migration';

/**
 * What a NetBox pull saw: for each local object linked to a NetBox object, the server, the NetBox id and its
 * `last_updated` at the pull, and the fields as NetBox had them (the base a later diff and push compare with).
 * The API token is never stored here.
 */
export const migration011: Migration = {
  version: 11,
  name: 'netbox-links',
  up(db) {
    db.exec(`
      CREATE TABLE netbox_links (
        server TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('site','location','rack','device','inventory_item')),
        netbox_id INTEGER NOT NULL,
        entity TEXT NOT NULL CHECK (entity IN ('site','room','rack','device','accelerator')),
        entity_id INTEGER NOT NULL,
        last_updated TEXT,
        base TEXT NOT NULL,
        pulled_at TEXT NOT NULL,
        PRIMARY KEY (server, kind, netbox_id),
        UNIQUE (server, entity, entity_id)
      ) STRICT;
      CREATE TABLE netbox_pulls (
        id INTEGER PRIMARY KEY,
        server TEXT NOT NULL,
        site TEXT NOT NULL,
        location TEXT,
        at TEXT NOT NULL,
        objects INTEGER NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        skipped TEXT NOT NULL
      ) STRICT;
    `);
  },
};
