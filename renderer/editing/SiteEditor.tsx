import { useMemo, type ReactElement } from 'react';
import type { SiteNode } from '../../app/inventory/types';
import { api } from '../api/client';
import { navigate } from '../shell/router';
import { afterWrite } from './after-write';
import { Dialog } from './Dialog';
import { closeEditor } from './editor-store';
import { EntityForm } from './EntityForm';
import { diffPatch, type FieldSpec, type FormValues } from './form-types';

function timezones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
}

function toFields(values: FormValues): { code: string; name: string; timezone: string } {
  return { code: (values['code'] ?? '').trim(), name: (values['name'] ?? '').trim(), timezone: (values['timezone'] ?? '').trim() };
}

export function SiteEditor(props: { site?: Pick<SiteNode, 'id' | 'code' | 'name' | 'timezone'> }): ReactElement {
  const { site } = props;
  const fields = useMemo<FieldSpec[]>(
    () => [
      { name: 'code', label: 'Code', kind: 'text', mono: true, required: true, half: true, placeholder: 'PHX1' },
      { name: 'timezone', label: 'Time zone', kind: 'text', required: true, half: true, suggestions: timezones() },
      { name: 'name', label: 'Name', kind: 'text', required: true, placeholder: 'Phoenix campus' },
    ],
    [],
  );
  const initial = site ? { code: site.code, name: site.name, timezone: site.timezone } : { code: '', name: '', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return (
    <Dialog title={site ? `Edit site ${site.code}` : 'New site'} onClose={closeEditor}>
      <EntityForm
        fields={fields}
        initial={initial}
        submitLabel={site ? 'Save site' : 'Create site'}
        onCancel={closeEditor}
        onSubmit={async (values, reason) => {
          const next = toFields(values);
          if (site) {
            await api.call('site.update', { id: site.id, patch: diffPatch(initial, next), reason });
            afterWrite(`Site ${next.code} saved`);
          } else {
            const result = await api.call('site.create', { fields: next, reason });
            afterWrite(`Site ${next.code} created`);
            navigate({ view: 'site', siteId: result.id });
          }
        }}
      />
    </Dialog>
  );
}
