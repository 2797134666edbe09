// A page keeps the Content Security Policy it loaded with, and img-src names only the tile
// host configured at that time (see shared/map-tiles.ts). When the map setting has changed
// since, the new host's tiles are blocked: reload so the current policy applies. At most
// once a minute per host, so a policy that really forbids the host cannot loop.
import { tileImageSource } from '../../../../shared/map-tiles.ts';

const RELOAD_GAP_MS = 60_000;

export function reloadWhenTilesBlocked(template: string): () => void {
  const host = tileImageSource(template);
  if (!host) return () => undefined;
  const key = `b2b:policy-reload:${host}`;
  const onViolation = (e: SecurityPolicyViolationEvent) => {
    if (e.effectiveDirective !== 'img-src' || !e.blockedURI.startsWith(`${host}/`)) return;
    const last = Number(sessionStorage.getItem(key) ?? 0);
    if (Date.now() - last < RELOAD_GAP_MS) return;
    sessionStorage.setItem(key, String(Date.now()));
    location.reload();
  };
  document.addEventListener('securitypolicyviolation', onViolation);
  return () => document.removeEventListener('securitypolicyviolation', onViolation);
}
