import { describe, expect, it } from 'vitest';
import { SCAN_RESULT_COLORS } from '../../app/audit/status-colors';
import { contrastRatio, DARK_TEXT, readableTextOn } from '../../renderer/shared/contrast';

describe('text on coloured fills (issue 16)', () => {
  it('measures WCAG contrast: white on black is 21:1, white on the amber flash is 2.5:1', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#d29922')).toBeCloseTo(2.5, 1);
  });

  it('puts dark text on the amber "misplaced" flash, and every scan result reads at 4.5:1 or better', () => {
    expect(readableTextOn(SCAN_RESULT_COLORS.misplaced)).toBe(DARK_TEXT);
    for (const fill of [...Object.values(SCAN_RESULT_COLORS), '#b62324']) expect(contrastRatio(readableTextOn(fill), fill)).toBeGreaterThanOrEqual(4.5);
  });
});
