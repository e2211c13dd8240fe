// URLs of the profile pages: `/:sandbox/profiles` and `/:sandbox/profiles/:namespace/:id?mergePolicyId=`.

/** A path segment, keeping `@` and `+` readable (both are valid in a path). */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@').replace(/%2B/gi, '+');
}

export function profilePath(sandbox: string, namespace: string, id: string, mergePolicyId?: string): string {
  const path = `/${sandbox}/profiles/${pathSegment(namespace)}/${pathSegment(id)}`;
  return mergePolicyId ? `${path}?mergePolicyId=${encodeURIComponent(mergePolicyId)}` : path;
}

export function lookupPath(sandbox: string, mergePolicyId?: string): string {
  const path = `/${sandbox}/profiles`;
  return mergePolicyId ? `${path}?mergePolicyId=${encodeURIComponent(mergePolicyId)}` : path;
}
