/**
 * The renderer's Content Security Policy, the same in Electron (set by the app:// protocol
 * handler) and in browser mode (set by the loopback server): only the app's own scripts, no
 * eval, no plugins, no framing, and network access only back to where the page came from (in
 * browser mode, the contract's WebSocket). Inline styles are allowed because MUI's styling engine
 * (emotion) injects <style> elements at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
