// Display names of XDM fields, for the Attributes tree's "Display names" mode. Standard XDM field
// groups get their published titles; anything else is derived from the key ("customerSince" →
// "Customer since", "_northwind" → "Northwind (tenant)").
const TITLES: Record<string, string> = {
  _id: 'Identifier',
  identityMap: 'Identity map',
  identities: 'Identities',
  person: 'Person',
  name: 'Full name',
  firstName: 'First name',
  middleName: 'Middle name',
  lastName: 'Last name',
  fullName: 'Full name',
  courtesyTitle: 'Courtesy title',
  birthDate: 'Birth date',
  birthDayAndMonth: 'Birth day and month',
  gender: 'Gender',
  personalEmail: 'Personal email',
  workEmail: 'Work email',
  address: 'Address',
  mobilePhone: 'Mobile phone',
  homePhone: 'Home phone',
  workPhone: 'Work phone',
  number: 'Number',
  homeAddress: 'Home address',
  workAddress: 'Work address',
  street1: 'Street 1',
  street2: 'Street 2',
  city: 'City',
  stateProvince: 'State or province',
  postalCode: 'Postal code',
  countryCode: 'Country code',
  country: 'Country',
  extSourceSystemAudit: 'External Source System Audit Attributes',
  lastUpdatedDate: 'Last updated date',
  createdDate: 'Created date',
  loyalty: 'Loyalty details',
  tier: 'Tier',
  points: 'Points',
  joinDate: 'Join date',
  consents: 'Consents and preferences',
  primary: 'Primary',
  status: 'Status',
  label: 'Label',
  type: 'Type',
  webPageDetails: 'Web page details',
  URL: 'URL',
  eventType: 'Event type',
  timestamp: 'Timestamp',
  productListItems: 'Product list items',
  commerce: 'Commerce',
  ComputedAttributes: 'Computed attributes',
};

const ACRONYMS: Record<string, string> = { id: 'ID', ids: 'IDs', crm: 'CRM', url: 'URL', sku: 'SKU', ecid: 'ECID', ip: 'IP', os: 'OS', utc: 'UTC' };

/** `customerSince` → `Customer since`; `crmId` → `CRM ID`. */
export function humanize(key: string): string {
  const words = key
    .replace(/^_+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
  if (words.length === 0) return key;
  const [first, ...rest] = words;
  return [first === first.toUpperCase() ? first : first[0].toUpperCase() + first.slice(1), ...rest].join(' ');
}

/** The display name of one key of a path (its parent decides nothing here: XDM titles are per field). */
export function displayName(key: string, depth: number): string {
  if (Object.hasOwn(TITLES, key)) return TITLES[key];
  // A top-level `_<tenant>` object holds the organisation's own field groups.
  if (depth === 0 && key.startsWith('_') && key.length > 1) return `${humanize(key)} (tenant)`;
  return humanize(key);
}

/** `person.name.firstName` → `Person › Full name › First name`. */
export function displayPath(path: string): string {
  return path
    .split('.')
    .map((key, i) => displayName(key, i))
    .join(' › ');
}
