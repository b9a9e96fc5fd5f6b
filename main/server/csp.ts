/**
 * One Content-Security-Policy for both shells: Electron (meta tag + session header) and browser mode
 * (HTTP header). Nothing loads from anywhere but the app itself; inline styles are allowed because React
 * sets style attributes, inline scripts are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
