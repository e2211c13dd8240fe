// One colour per identity namespace, the same on every profile (well-known codes have their own;
// others take one from the palette by a hash of the code). Mid-tone colours read on light and dark.
const PALETTE = ['#3b82f6', '#16a34a', '#f59e0b', '#a855f7', '#ec4899', '#06b6d4', '#ef4444', '#84cc16', '#8b5cf6', '#14b8a6', '#f97316', '#64748b'];

const FIXED: Record<string, string> = {
  email: PALETTE[0],
  phone: PALETTE[1],
  ecid: PALETTE[2],
  crmid: PALETTE[3],
  loyaltyid: PALETTE[4],
  email_lc_sha256: PALETTE[5],
  idfa: PALETTE[6],
  gaid: PALETTE[7],
};

export function namespaceColor(code: string): string {
  const lower = code.toLowerCase();
  if (FIXED[lower]) return FIXED[lower];
  let h = 0;
  for (const ch of lower) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
