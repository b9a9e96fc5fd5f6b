import { useRef, useState, type ReactElement } from 'react';
import { api, canSavePdf, savePdf } from '../api/client';
import { downloadText } from '../shared/download';
import { showToast } from '../shell/toast-store';

/**
 * The report and the bundle: a preview of the printable HTML report (Print opens the print dialog for it;
 * on desktop, Save as PDF), downloads of the HTML and CSV, and the audit as one file for another machine.
 */
export function ReportPanel(props: { auditId: string }): ReactElement {
  const { auditId } = props;
  const [html, setHtml] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const frameRef = useRef<HTMLIFrameElement>(null);

  async function run(work: () => Promise<void>): Promise<void> {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  const preview = (): Promise<void> => run(async () => setHtml((await api.call('audit.report', { audit: auditId, format: 'html' })).text));
  const download = (format: 'html' | 'csv'): Promise<void> =>
    run(async () => {
      const report = await api.call('audit.report', { audit: auditId, format });
      downloadText(report.filename, report.text, `${report.mime};charset=utf-8`);
    });
  const exportBundle = (): Promise<void> =>
    run(async () => {
      const bundle = await api.call('audit.export', { audit: auditId });
      downloadText(bundle.filename, bundle.text, 'application/json');
      showToast(`Exported ${bundle.scans} scans to ${bundle.filename}`, 'ok');
    });

  const savePdfFile = (): Promise<void> =>
    run(async () => {
      const report = await api.call('audit.report', { audit: auditId, format: 'html' });
      const saved = await savePdf(report.text, report.filename.replace(/\.html?$/i, '.pdf'));
      if (saved) showToast(`Saved ${saved}`, 'ok');
    });

  function print(): void {
    const frame = frameRef.current?.contentWindow;
    if (frame) frame.print();
  }

  return (
    <div className="audit-report">
      <div className="audit-toolbar">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void preview()}>
          Preview report
        </button>
        <button type="button" className="btn" disabled={html === null} onClick={print}>
          Print / PDF
        </button>
        {canSavePdf() ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void savePdfFile()}>
            Save PDF
          </button>
        ) : null}
        <button type="button" className="btn" disabled={busy} onClick={() => void download('html')}>
          Download HTML
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void download('csv')}>
          Download CSV
        </button>
        <span className="audit-toolbar-gap" />
        <button type="button" className="btn" disabled={busy} onClick={() => void exportBundle()} title="One JSON file with the audit and every scan, to import on another machine">
          Export audit file
        </button>
      </div>
      {html !== null ? (
        <iframe ref={frameRef} className="audit-report-frame" title="Audit report" srcDoc={html} sandbox="allow-modals allow-same-origin" />
      ) : (
        <div className="empty-state">The report has the floor map coloured by audit progress, the per-rack table and every finding; it prints on A4.</div>
      )}
    </div>
  );
}
