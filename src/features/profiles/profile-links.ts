// URLs of the profile pages: `/:sandbox/profiles` and `/:sandbox/profiles/:namespace/:id?mergePolicyId=`.

/** A path segment, keeping `@` and `+` readable (both are valid in a path). */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@').replace(/%2B/gi, '+');
}

/**
 * The profile's own segment. The service's SPA fallback treats a path ending in `.<letters>` as a
 * static file (an email's `.org` would 404 on reload), so that last dot is percent-encoded; the
 * router decodes it back.
 */
export function idSegment(id: string): string {
  const segment = pathSegment(id);
  return /\.[a-z0-9]+$/i.test(segment) ? segment.replace(/\.([a-z0-9]+)$/i, '%2E$1') : segment;
}

export function profilePath(sandbox: string, namespace: string, id: string, mergePolicyId?: string): string {
  const path = `/${sandbox}/profiles/${pathSegment(namespace)}/${idSegment(id)}`;
  return mergePolicyId ? `${path}?mergePolicyId=${encodeURIComponent(mergePolicyId)}` : path;
}

export function lookupPath(sandbox: string, mergePolicyId?: string): string {
  const path = `/${sandbox}/profiles`;
  return mergePolicyId ? `${path}?mergePolicyId=${encodeURIComponent(mergePolicyId)}` : path;
}
