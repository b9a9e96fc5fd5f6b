import { describe, expect, it } from 'vitest';
import { XID_TABLE, xidInfo } from '../../app/health/xid';

describe('XID table', () => {
  it('covers the XIDs a fleet sees most, each with a meaning, an NVIDIA bucket and a floor action', () => {
    const codes = XID_TABLE.map((x) => x.code);
    expect(codes).toEqual([13, 31, 43, 45, 48, 61, 62, 63, 64, 74, 79, 92, 94, 95, 119, 120, 140]);
    for (const x of XID_TABLE) {
      expect(x.meaning.length, String(x.code)).toBeGreaterThan(20);
      expect(x.action.length, String(x.code)).toBeGreaterThan(10);
    }
  });

  it('rates hardware faults critical and application faults informational', () => {
    expect(xidInfo(79).severity).toBe('critical');
    expect(xidInfo(48).hardware).toBe(true);
    expect(xidInfo(13).severity).toBe('info');
    expect(xidInfo(43).hardware).toBe(false);
  });

  it('says plainly when a code is not in the table instead of guessing', () => {
    const unknown = xidInfo(154);
    expect(unknown.name).toBe('XID 154');
    expect(unknown.meaning).toMatch(/Not in Floorwalk’s table/);
    expect(unknown.severity).toBe('warning');
  });
});
