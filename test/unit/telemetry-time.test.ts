import { describe, expect, it } from 'vitest';
import { inferDateOrder, isTimestampLine, parseTimestampText, type DateOrder } from '../../app/telemetry/map/timestamps';
import { isValidTimeZone, ZoneClock } from '../../app/telemetry/map/time-zone';

function parse(text: string, order: DateOrder = 'mdy'): { iso: string; naive: boolean } | null {
  const out = { ms: 0, naive: false };
  return parseTimestampText(text, order, out) ? { iso: new Date(out.ms).toISOString(), naive: out.naive } : null;
}

describe('timestamp forms', () => {
  it('reads instants: ISO with Z or offset, epoch seconds, milliseconds, microseconds, date(1) in UTC', () => {
    expect(parse('2026-07-14T08:12:53Z')).toEqual({ iso: '2026-07-14T08:12:53.000Z', naive: false });
    expect(parse('2026-07-14T10:12:53.250+02:00')).toEqual({ iso: '2026-07-14T08:12:53.250Z', naive: false });
    expect(parse('2026-07-14 03:12:53-0500')).toEqual({ iso: '2026-07-14T08:12:53.000Z', naive: false });
    expect(parse('1784016000')).toEqual({ iso: '2026-07-14T08:00:00.000Z', naive: false });
    expect(parse('1784016000.5')).toEqual({ iso: '2026-07-14T08:00:00.500Z', naive: false });
    expect(parse('1784016000123')).toEqual({ iso: '2026-07-14T08:00:00.123Z', naive: false });
    expect(parse('1784016000123456')).toEqual({ iso: '2026-07-14T08:00:00.123Z', naive: false });
    expect(parse('Tue Jul 14 08:12:53 UTC 2026')).toEqual({ iso: '2026-07-14T08:12:53.000Z', naive: false });
    expect(parse('Tue, 14 Jul 2026 08:12:53 +0000')).toEqual({ iso: '2026-07-14T08:12:53.000Z', naive: false });
  });

  it('reads wall-clock times as naive: nvidia-smi, dd.mm.yyyy, MM/DD/YYYY with AM/PM, date(1) with a local zone name', () => {
    expect(parse('2026/07/14 08:12:53.353')).toEqual({ iso: '2026-07-14T08:12:53.353Z', naive: true });
    expect(parse('14.07.2026 08:12:53')).toEqual({ iso: '2026-07-14T08:12:53.000Z', naive: true });
    expect(parse('14.07.26 08:12')).toEqual({ iso: '2026-07-14T08:12:00.000Z', naive: true });
    expect(parse('07/14/2026 8:12:53 PM')).toEqual({ iso: '2026-07-14T20:12:53.000Z', naive: true });
    expect(parse('07/14/2026 12:05 AM')).toEqual({ iso: '2026-07-14T00:05:00.000Z', naive: true });
    expect(parse('04/03/2026 10:00', 'dmy')).toEqual({ iso: '2026-03-04T10:00:00.000Z', naive: true });
    expect(parse('04/03/2026 10:00', 'mdy')).toEqual({ iso: '2026-04-03T10:00:00.000Z', naive: true });
    // An unambiguous abbreviation is an offset (issue 10); an ambiguous one (IST: India, Ireland, Israel) stays wall-clock time.
    expect(parse('Tue 14 Jul 2026 08:12:53 AM CEST')).toEqual({ iso: '2026-07-14T06:12:53.000Z', naive: false });
    expect(parse('Tue Jul 14 08:12:53 PDT 2026')).toEqual({ iso: '2026-07-14T15:12:53.000Z', naive: false });
    expect(parse('Tue Jul 14 08:12:53 IST 2026')).toEqual({ iso: '2026-07-14T08:12:53.000Z', naive: true });
    expect(parse('14-Jul-2026 08:12')).toEqual({ iso: '2026-07-14T08:12:00.000Z', naive: true });
  });

  it('refuses impossible and foreign text', () => {
    for (const text of ['31.06.2026 10:00', '2026-13-01T00:00:00Z', '07/14/2026 25:00', 'yesterday', '', 'GPU-1234']) expect([text, parse(text)]).toEqual([text, null]);
  });

  it('tells day-first from month-first from a sample, and says when it cannot', () => {
    expect(inferDateOrder(['03/04/2026', '13/04/2026'])).toEqual({ order: 'dmy', certain: true });
    expect(inferDateOrder(['03/04/2026', '04/13/2026'])).toEqual({ order: 'mdy', certain: true });
    expect(inferDateOrder(['03/04/2026'])).toEqual({ order: 'mdy', certain: false });
    expect(inferDateOrder(['2026-07-14'])).toBeNull();
  });

  it('recognises date lines between runs but not data', () => {
    expect(isTimestampLine('Tue Jul 14 08:12:53 UTC 2026')).toBe(true);
    expect(isTimestampLine('2026-07-14T08:00:00Z')).toBe(true);
    expect(isTimestampLine('go_goroutines 37')).toBe(false);
    expect(isTimestampLine('1784016000')).toBe(false);
  });
});

describe('time zones and the DST hours', () => {
  const wall = (iso: string): number => Date.parse(`${iso}Z`);
  const stats = { ambiguous: 0, nonexistent: 0 };

  it('places wall times in their zone, including the zone without DST', () => {
    const phoenix = new ZoneClock('America/Phoenix');
    expect(new Date(phoenix.toUtc(wall('2026-07-14T08:00:00'), Number.NaN, false, stats)).toISOString()).toBe('2026-07-14T15:00:00.000Z');
    const dublin = new ZoneClock('Europe/Dublin');
    expect(new Date(dublin.toUtc(wall('2026-07-14T08:00:00'), Number.NaN, false, stats)).toISOString()).toBe('2026-07-14T07:00:00.000Z');
    expect(new Date(dublin.toUtc(wall('2026-12-14T08:00:00'), Number.NaN, false, stats)).toISOString()).toBe('2026-12-14T08:00:00.000Z');
    expect(isValidTimeZone('Asia/Singapore')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('resolves the repeated hour: first occurrence first, then the one that continues the file', () => {
    const ny = new ZoneClock('America/New_York');
    const counted = { ambiguous: 0, nonexistent: 0 };
    const seq = ['00:50', '01:10', '01:50', '01:10', '01:50', '02:10'];
    let prev = Number.NaN;
    let descending = false;
    const out: string[] = [];
    for (const hm of seq) {
      const utc = ny.toUtc(wall(`2026-11-01T${hm}:00`), prev, descending, counted);
      descending = utc < prev;
      prev = utc;
      out.push(new Date(utc).toISOString().slice(11, 16));
    }
    expect(out).toEqual(['04:50', '05:10', '05:50', '06:10', '06:50', '07:10']);
    expect(counted.ambiguous).toBe(4);
  });

  it('reads a wall time inside the skipped hour with the offset before the change, and counts it', () => {
    const ny = new ZoneClock('America/New_York');
    const counted = { ambiguous: 0, nonexistent: 0 };
    expect(new Date(ny.toUtc(wall('2026-03-08T02:30:00'), Number.NaN, false, counted)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(counted.nonexistent).toBe(1);
  });
});
