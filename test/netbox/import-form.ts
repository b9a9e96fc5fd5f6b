/**
 * NetBox's own bulk-import form (the page a person pastes a CSV into), driven over HTTP with a logged-in
 * session: the strongest check that NetBox takes a file unchanged.
 */
export class NetboxBrowserSession {
  private readonly cookies = new Map<string, string>();

  private constructor(private readonly url: string) {}

  static async login(url: string, username: string, password: string): Promise<NetboxBrowserSession> {
    const session = new NetboxBrowserSession(url);
    const csrf = await session.csrfFrom('/login/');
    const res = await session.send('/login/', new URLSearchParams({ csrfmiddlewaretoken: csrf, username, password, next: '/' }));
    if (res.status !== 302) throw new Error(`NetBox login failed: HTTP ${res.status}`);
    return session;
  }

  /** Posts one CSV to an import form; resolves with the objects' count message, or throws NetBox's errors. */
  async importCsv(importPath: string, csv: string): Promise<void> {
    const csrf = await this.csrfFrom(importPath);
    const res = await this.send(importPath, new URLSearchParams({ csrfmiddlewaretoken: csrf, import_method: 'direct', data: csv, format: 'csv', csv_delimiter: ',' }));
    if (res.status === 302 && (res.headers.get('location') ?? '').includes('modified_by_request')) return;
    const html = await res.text();
    if (process.env['FW_NETBOX_DEBUG_HTML']) (await import('node:fs')).writeFileSync(process.env['FW_NETBOX_DEBUG_HTML'], html);
    throw new Error(`NetBox refused the import at ${importPath} (HTTP ${res.status}): ${formErrors(html)}`);
  }

  private async csrfFrom(pagePath: string): Promise<string> {
    const res = await this.send(pagePath);
    const html = await res.text();
    const m = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
    if (!m?.[1]) throw new Error(`No CSRF token on ${pagePath} (HTTP ${res.status})`);
    return m[1];
  }

  private async send(pagePath: string, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), Referer: this.url + pagePath };
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.url + pagePath, { method: form ? 'POST' : 'GET', headers, redirect: 'manual', ...(form ? { body: form.toString() } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }
}

/** The error texts of a rejected import form, without the page around them. */
function formErrors(html: string): string {
  const found = [...html.matchAll(/class="[^"]*(?:toast-body|alert-danger|invalid-feedback|errorlist)[^"]*"[^>]*>([\s\S]*?)<\/(?:div|ul|span|p)>/g)]
    .map((m) => (m[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())
    .filter((t) => t !== '');
  return found.length > 0 ? found.slice(0, 10).join(' | ') : html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 800);
}
