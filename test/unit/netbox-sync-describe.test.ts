import { describe, expect, it } from 'vitest';
import { changeText, fieldLabel, valueText } from '../../renderer/sync/describe';

describe('Sync page wording', () => {
  it('names fields as a technician reads them and shows a change as before → after', () => {
    expect(fieldLabel('uPosition')).toBe('U');
    expect(fieldLabel('status')).toBe('status');
    expect(changeText({ field: 'status', before: 'active', after: 'missing' }, false)).toBe('status active → missing');
    expect(changeText({ field: 'rackId', before: 3, after: 12 }, false)).toBe('rack #3 → #12');
    expect(changeText({ field: 'assetTag', before: null, after: 'AT-1' }, false)).toBe('asset tag — → AT-1');
  });

  it('a new object lists its values without a before', () => {
    expect(changeText({ field: 'serial', before: null, after: 'SN1' }, true)).toBe('serial SN1');
    expect(valueText('pciBusId', '00000000:18:00.0')).toBe('00000000:18:00.0');
    expect(valueText('uHeight', 42)).toBe('42');
  });
});
