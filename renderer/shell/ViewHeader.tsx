import type { ReactElement, ReactNode } from 'react';
import { routeHash, type Route } from './route';

export interface Crumb {
  readonly label: string;
  readonly route: Route | null;
}

/** Breadcrumb, title and the view's actions on one dense line. */
export function ViewHeader(props: { crumbs: readonly Crumb[]; title: ReactNode; tag?: ReactNode; middle?: ReactNode; actions?: ReactNode }): ReactElement {
  return (
    <header className="view-header">
      <div className="view-title-block">
        <nav className="crumbs" aria-label="Breadcrumb">
          {props.crumbs.map((crumb, i) => (
            <span key={`${crumb.label}-${i}`}>
              {crumb.route ? <a href={routeHash(crumb.route)}>{crumb.label}</a> : <span>{crumb.label}</span>}
              <span className="crumb-sep">/</span>
            </span>
          ))}
        </nav>
        <h1 className="view-title">{props.title}</h1>
        {props.tag}
      </div>
      {props.middle ? <div className="view-header-middle">{props.middle}</div> : null}
      {props.actions ? <div className="view-actions">{props.actions}</div> : null}
    </header>
  );
}

/** A label over a value, many in a row: the facts strip of a view. */
export function Fact(props: { label: string; children: ReactNode; wide?: boolean }): ReactElement {
  return (
    <div className={props.wide ? 'fact fact-wide' : 'fact'}>
      <div className="fact-label">{props.label}</div>
      <div className="fact-value">{props.children}</div>
    </div>
  );
}
