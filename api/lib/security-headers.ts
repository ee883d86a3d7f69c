import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env';

/** Tianditu's tile hosts (t0 … t7.tianditu.gov.cn), allowed when a key is configured. */
const TIANDITU_HOSTS = 'https://*.tianditu.gov.cn';

/**
 * The scheme and host of a configured base-map URL as a CSP source: `https://{s}.tile.example/{z}/…`
 * gives `https://*.tile.example` (a template's placeholders in the host become the one wildcard
 * CSP allows, the leftmost label). Null when there is no URL or it has no host.
 */
export function cspSource(url: string | undefined): string | null {
  const m = url?.match(/^(https?):\/\/([^/?#]+)/i);
  if (!m) return null;
  const labels = m[2].toLowerCase().split('.');
  // CSP has one wildcard, a whole leftmost label; a placeholder further right cannot be said.
  if (labels.slice(1).some((l) => l.includes('{'))) return null;
  if (labels[0].includes('{')) labels[0] = '*';
  return `${m[1].toLowerCase()}://${labels.join('.')}`;
}

/** The Content-Security-Policy for the app: its own origin, and the base-map hosts it is configured with. */
export function contentSecurityPolicy(env: Pick<Env, 'TIANDITU_KEY' | 'BASEMAP_XYZ_URL' | 'BASEMAP_STYLE_URL'>): string {
  const maps = [env.TIANDITU_KEY ? TIANDITU_HOSTS : null, cspSource(env.BASEMAP_XYZ_URL), cspSource(env.BASEMAP_STYLE_URL)].filter((x): x is string => x !== null);
  const hosts = maps.length ? ` ${maps.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and MapLibre set styles through the CSSOM, which CSP allows; inline style attributes of
    // third-party widgets would not be, so attributes stay allowed. No script is inline.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${hosts}`,
    // Tiles, styles, sprites and glyphs are fetched by MapLibre.
    `connect-src 'self'${hosts}`,
    // MapLibre starts its workers from a blob.
    "worker-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers on every answer: the CSP above; nosniff (an attachment or an export is what its type
 * says, never sniffed into HTML); no framing; the origin alone as referrer to other sites (a
 * Tianditu key bound to the site's domain still sees it); HSTS when the request came over HTTPS
 * (directly or through a proxy that says so).
 */
export function securityHeaders(env: Pick<Env, 'TIANDITU_KEY' | 'BASEMAP_XYZ_URL' | 'BASEMAP_STYLE_URL'>): MiddlewareHandler {
  const csp = contentSecurityPolicy(env);
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', csp);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'geolocation=(self), camera=(self), microphone=(), payment=()');
    const https = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0].trim() === 'https';
    if (https) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
