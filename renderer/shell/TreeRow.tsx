import type { ReactElement } from 'react';
import { formatCompact, formatKwPair, loadBand, ratio } from './format';
import type { TreeItem } from './tree-model';

function PowerFigure(props: { max: number; budget: number }): ReactElement {
  const band = loadBand(ratio(props.max, props.budget));
  return (
    <span className={`tree-kw band-${band}`} title={`nameplate max ${props.max.toFixed(1)} kW of ${props.budget.toFixed(1)} kW budget`}>
      {formatKwPair(props.max, props.budget).replace(' / ', '/')}
    </span>
  );
}

function Counts(props: { item: TreeItem }): ReactElement {
  const { counts, kind } = props.item;
  if (kind === 'rack') {
    return (
      <span className="tree-counts">
        {counts.accelerators > 0 ? <span title="GPUs">{formatCompact(counts.accelerators)} GPU</span> : <span title="devices">{counts.devices} dev</span>}
        {counts.acceleratorsNotOk ? <span className="band-over" title="GPUs not ok">{counts.acceleratorsNotOk}✕</span> : null}
        <PowerFigure max={counts.powerMaxKw} budget={counts.powerBudgetKw} />
      </span>
    );
  }
  return (
    <span className="tree-counts">
      <span title="racks">{formatCompact(counts.racks)} racks</span>
      {kind === 'row' ? null : <span title="devices">{formatCompact(counts.devices)} dev</span>}
      <span title="GPUs">{formatCompact(counts.accelerators)} GPU</span>
      <PowerFigure max={counts.powerMaxKw} budget={counts.powerBudgetKw} />
    </span>
  );
}

export function TreeRow(props: { item: TreeItem; active: boolean; current: boolean; onToggle: () => void; onOpen: () => void }): ReactElement {
  const { item } = props;
  const twoLines = item.kind !== 'rack';
  const classes = ['tree-item', `tree-${item.kind}`];
  if (props.active) classes.push('is-active');
  if (props.current) classes.push('is-current');
  return (
    <div
      id={`tree-${item.key}`}
      role="treeitem"
      aria-level={item.level + 1}
      aria-expanded={item.expandable ? item.expanded : undefined}
      aria-selected={props.current}
      data-key={item.key}
      className={classes.join(' ')}
      style={{ paddingLeft: 6 + item.level * 14 }}
      onClick={props.onOpen}
    >
      <span
        className="tree-chevron"
        onClick={(event) => {
          event.stopPropagation();
          props.onToggle();
        }}
      >
        {item.expandable ? (item.expanded ? '▾' : '▸') : ''}
      </span>
      <span className="tree-body">
        <span className="tree-line">
          <span className="tree-label">{item.label}</span>
          {item.sublabel ? <span className="tree-sublabel">{item.sublabel}</span> : null}
          {item.loading ? <span className="tree-sublabel">loading…</span> : null}
          {twoLines ? null : <Counts item={item} />}
        </span>
        {twoLines ? (
          <span className="tree-line tree-line-counts">
            <Counts item={item} />
          </span>
        ) : null}
      </span>
    </div>
  );
}
