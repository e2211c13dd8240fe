// Suggests the identity namespace of a typed value from its shape: an email address → Email,
// +digits → Phone, 38 digits → ECID, CRM-… → CRMID, and so on. Only namespaces the sandbox has are
// suggested (codes compare case-insensitively, as the service does). Values shaped like an earlier
// lookup (same letters, digits in the same places) get that lookup's namespace.
import type { Namespace } from '../../../contracts/identity.ts';

export interface NamespaceSuggestion {
  code: string;
  /** Why, for the helper text: "looks like an email address". */
  reason: string;
}

type NamespaceLike = Pick<Namespace, 'code' | 'name' | 'idType'>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SHA256 = /^[0-9a-f]{64}$/i;
const ECID = /^\d{38}$/;
const PHONE_PLUS = /^\+\d[\d\s().-]{5,}$/;
const PHONE_FORMATTED = /^\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIXED = /^([A-Za-z]{2,12})[-_:]\S+$/;

function byCode(namespaces: readonly NamespaceLike[], code: string): NamespaceLike | undefined {
  const lower = code.toLowerCase();
  return namespaces.find((n) => n.code.toLowerCase() === lower);
}

function byType(namespaces: readonly NamespaceLike[], idType: string): NamespaceLike | undefined {
  return namespaces.find((n) => n.idType.toUpperCase() === idType);
}

/** `NWR-000000001` → `NWR-#########`: letters and punctuation kept, digits generalised. */
export function valueShape(value: string): string {
  return value.trim().replace(/\d/g, '#');
}

export interface PastLookup {
  namespace: string;
  id: string;
}

export function suggestNamespace(
  raw: string,
  namespaces: readonly NamespaceLike[],
  past: readonly PastLookup[] = [],
): NamespaceSuggestion | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const pick = (ns: NamespaceLike | undefined, reason: string) => (ns ? { code: ns.code, reason } : undefined);

  if (EMAIL.test(value)) return pick(byCode(namespaces, 'Email') ?? byType(namespaces, 'EMAIL'), 'looks like an email address');
  if (ECID.test(value)) return pick(byCode(namespaces, 'ECID'), 'looks like an ECID (38 digits)');
  if (PHONE_PLUS.test(value) || PHONE_FORMATTED.test(value)) {
    return pick(byCode(namespaces, 'Phone') ?? byCode(namespaces, 'Phone_E.164') ?? byType(namespaces, 'PHONE'), 'looks like a phone number');
  }
  if (SHA256.test(value)) return pick(byCode(namespaces, 'Email_LC_SHA256'), 'looks like a SHA-256 hash');
  if (UUID.test(value)) {
    return value === value.toUpperCase()
      ? pick(byCode(namespaces, 'IDFA'), 'looks like an Apple advertising id')
      : pick(byCode(namespaces, 'GAID'), 'looks like a Google advertising id');
  }

  const shape = valueShape(value);
  const earlier = past.find((p) => p.id !== value && valueShape(p.id) === shape && byCode(namespaces, p.namespace));
  if (earlier) return pick(byCode(namespaces, earlier.namespace), `shaped like your earlier lookup ${earlier.id}`);

  const prefixed = PREFIXED.exec(value);
  if (prefixed) {
    const prefix = prefixed[1].toLowerCase();
    const match = namespaces.find((n) => n.code.toLowerCase().startsWith(prefix)) ?? namespaces.find((n) => n.name.toLowerCase().startsWith(prefix));
    if (match) return pick(match, `starts with ${prefixed[1]}`);
  }
  return undefined;
}
