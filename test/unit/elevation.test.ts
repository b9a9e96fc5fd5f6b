import { describe, expect, it } from 'vitest';
import { elevationSize, occupiedUnits, renderElevation, UNIT_PX } from '../../app/render/elevation';
import { escapeXml, fitText } from '../../app/render/svg-text';
import { FIXTURE_RACK, FIXTURE_SLOTS_BY_TYPE } from '../fixtures/render/rack';

/**
 * Snapshots compare a normalised SVG (Observable Plot style): every decimal is rounded to an integer so
 * sub-pixel changes in layout arithmetic do not churn the snapshot, and each tag gets its own line so a
 * diff points at the element that changed.
 */
function normalise(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n)))).replace(/></g, '>\n<') + '\n';
}

/** Opening and closing tags must pair up: a cheap well-formedness check without an XML parser. */
function unbalancedTags(svg: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) problems.push(`unexpected </${name}>`);
  }
  return [...problems, ...stack.map((name) => `unclosed <${name}>`)];
}

const front = renderElevation(FIXTURE_RACK, { face: 'front', selectedDeviceId: 11, selectedAcceleratorId: 104, showPower: true, slotsByType: FIXTURE_SLOTS_BY_TYPE, targetU: 25 });
const rear = renderElevation(FIXTURE_RACK, { face: 'rear', slotsByType: FIXTURE_SLOTS_BY_TYPE });

describe('rack elevation SVG', () => {
  it('matches the front snapshot', async () => {
    await expect(normalise(front)).toMatchFileSnapshot('./__snapshots__/elevation-front.svg');
  });

  it('matches the rear snapshot', async () => {
    await expect(normalise(rear)).toMatchFileSnapshot('./__snapshots__/elevation-rear.svg');
  });

  it('is well formed', () => {
    expect(unbalancedTags(front)).toEqual([]);
    expect(unbalancedTags(rear)).toEqual([]);
    expect(front.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it("draws in NetBox's order: unit labels, empty slots, devices, border", () => {
    for (const svg of [front, rear]) {
      const order = ['class="fw-units"', 'class="fw-empties"', 'class="fw-devices"', 'class="fw-border"'].map((marker) => svg.indexOf(marker));
      expect(order.every((at) => at > 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
  });

  it('escapes text from the inventory, in names and tooltips alike', () => {
    expect(front).not.toContain('sw<&>');
    expect(front).toContain('sw&lt;&amp;&gt;&quot;&#39;-leaf');
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    const hostile = renderElevation(
      { ...FIXTURE_RACK, name: '</svg><script>alert(1)</script>', devices: [] },
      { face: 'front' },
    );
    expect(hostile).not.toContain('<script>');
    expect(unbalancedTags(hostile)).toEqual([]);
  });

  it('labels every U once and leaves exactly the free units clickable', () => {
    expect(front.match(/class="fw-unit-label"/g)).toHaveLength(42);
    const frontTaken = occupiedUnits(FIXTURE_RACK, 'front');
    // Front: DGX 2–9 and 10–17, storage 20–21 (full depth, mounted rear), MTIA 30–31, switch 40, patch 42.
    expect(frontTaken.size).toBe(8 + 8 + 2 + 2 + 1 + 1);
    const frontEmpty = [...front.matchAll(/class="fw-empty[^"]*" data-u="(\d+)" data-face="front"/g)].map((m) => Number(m[1]));
    expect(frontEmpty).toHaveLength(42 - frontTaken.size);
    expect(frontEmpty).toContain(1);
    expect(frontEmpty).not.toContain(5);
    // Rear: half-depth switch and patch panel leave U40 and U42 free behind them.
    const rearEmpty = [...rear.matchAll(/data-u="(\d+)" data-face="rear"/g)].map((m) => Number(m[1]));
    expect(rearEmpty).toContain(40);
    expect(rearEmpty).toContain(42);
    expect(rearEmpty).not.toContain(20);
  });

  it('marks the target U for the add-device form', () => {
    expect(front).toMatch(/class="fw-empty fw-target" data-u="25"/);
  });

  it('places a device by its lowest U, U1 at the bottom', () => {
    const { height } = elevationSize(42);
    const dgx = /data-device-id="11"><title>[^<]*<\/title><rect class="fw-device-body" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/.exec(front);
    expect(dgx).not.toBeNull();
    const top = Number(dgx![1]);
    const blockHeight = Number(dgx![2]);
    expect(blockHeight).toBeCloseTo(8 * UNIT_PX - 2, 5);
    // The block's bottom edge sits one U above the rack's bottom (it starts at U2).
    expect(height - 4 - (top + blockHeight + 1)).toBeCloseTo(UNIT_PX, 5);
  });

  it('shows each GPU slot of a GPU server coloured by status, an absent slot as an empty cell', () => {
    const cells = [...front.matchAll(/class="fw-accel fw-accel-([a-z]+)[^"]*" data-device-id="11"/g)].map((m) => m[1]);
    expect(cells).toEqual(['ok', 'ok', 'degraded', 'ok', 'failed', 'rma', 'empty', 'missing']);
    expect(front).toContain('class="fw-accel fw-accel-failed fw-accel-selected" data-device-id="11" data-accelerator-id="104"');
    // The planned DGX has no accelerators on record yet: eight empty cells, from the catalog's slot count.
    expect(front.match(/fw-accel-empty" data-device-id="12"/g)).toHaveLength(8);
  });

  it('outlines the selected device only', () => {
    expect(front.match(/class="fw-selected-outline"/g)).toHaveLength(1);
    expect(front).toMatch(/class="fw-device fw-cat-gpu_server fw-status-active fw-selected" data-device-id="11"/);
    expect(rear).not.toContain('fw-selected-outline');
  });

  it('draws full-depth gear on both faces, dimmed on the far side, and half-depth gear on its own face', () => {
    expect(front).toMatch(/class="fw-device fw-cat-storage fw-status-active fw-behind" data-device-id="13"/);
    expect(rear).toMatch(/class="fw-device fw-cat-storage fw-status-active" data-device-id="13"/);
    expect(rear).not.toContain('data-device-id="14"');
    expect(front).toMatch(/class="fw-device fw-cat-gpu_server fw-status-active" data-device-id="11"|data-device-id="11"/);
    // A GPU server seen from behind shows no slot cells (they are on the face it is mounted on).
    expect(rear).not.toContain('fw-accel');
  });

  it('puts zero-U PDUs in the side rails of their face, one per side', () => {
    expect(rear.match(/class="fw-device fw-zero-u fw-cat-pdu"/g)).toHaveLength(2);
    expect(front).not.toContain('fw-zero-u');
    expect(rear).toContain('phx1-dh1-r01-07-pdu-a');
  });

  it('draws the power bar red when the nameplate maximum exceeds the budget', () => {
    expect(front).toContain('43.6 / 40.0 kW max');
    expect(front).toMatch(/class="fw-power" data-ratio="1.09"/);
    expect(front).toContain('fill="#f85149" fill-opacity="0.55"');
    expect(rear).not.toContain('fw-power');
  });

  it('cuts long labels with an ellipsis', () => {
    expect(fitText('abcdef', 4)).toBe('abc…');
    expect(fitText('abc', 4)).toBe('abc');
    expect(fitText('abc', 0)).toBe('');
  });
});
