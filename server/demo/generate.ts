// Demo organisation generator: "Northwind Outfitters", a fictional outdoor/apparel retailer.
//
// Pure and deterministic: no I/O, no clock. Everything about person `i` comes from PRNG streams
// seeded by (seed, i, purpose), so any person can be described in O(1) (`describePerson`) and every
// dataset's `records()` streams lazily in constant memory, yielding the same sequence on every call.
//
// Identity-graph shape (the service unions all identities that appear together in one identityMap):
//  - ordinary persons: CRMID + Email (+ Phone) from CRM, loyaltyId (+ maybe a second Email) from
//    Loyalty, web ECIDs stitched by logged-in page views carrying Email, an app ECID stitched by
//    logged-in app events carrying CRMID (or Email) → typically 2–8 identities;
//  - ~0.1% "heavy" persons (≥ 2 once profiles ≥ 500): a shared device/household email logged in on
//    many browsers → 40–49 identities, just under the 50 limit;
//  - exactly one "overflow" person (profiles ≥ 100) with 55–60 identities;
//  - anonymous visitors (≈ 20% of `profiles`): ECID-only web events, single-identity graphs.

import { Rng, hashSeed, weights } from './prng.ts';

export interface DemoOptions {
  profiles: number;
  seed: number;
  /** Anchor in ms; every event timestamp falls in [now - 120 days, now). */
  now: number;
}

export interface DemoNamespace {
  code: string;
  name: string;
  idType: 'CROSS_DEVICE' | 'EMAIL' | 'PHONE' | 'COOKIE' | 'DEVICE' | 'MOBILE' | 'NON_PEOPLE';
  description: string;
  custom: boolean;
}

export interface DemoDataset {
  key: 'crm' | 'loyalty' | 'web' | 'mobile' | 'store';
  name: string;
  description: string;
  class: 'profile' | 'experienceevent';
  profileEnabled: boolean;
  upsert: boolean;
  records: () => Iterable<Record<string, unknown>>;
}

export interface DemoPlan {
  namespaces: DemoNamespace[];
  datasets: DemoDataset[];
}

export type DemoPersonKind = 'normal' | 'heavy' | 'overflow';

export interface DemoPersonDescription {
  index: number;
  kind: DemoPersonKind;
  /** The person's main email (CRM email; also used by logged-in web events). */
  email: string;
  /** Email on the loyalty record when it differs from `email`. */
  loyaltyEmail?: string;
  crmId?: string;
  loyaltyId?: string;
  phone?: string;
  /** Every ECID of this person that appears in some event (web ECIDs first, then the app ECID). */
  ecids: string[];
  firstName: string;
  lastName: string;
  /** First name on the loyalty record (a nickname for some members). */
  loyaltyFirstName?: string;
  counts: { web: number; mobile: number; store: number };
  /**
   * Size of the identity graph containing the person's main identity (CRMID, else loyaltyId,
   * else Email); 0 when none of those ever appears in a record.
   */
  graphSize: number;
}

// ---------------------------------------------------------------------------------------------
// Constants and reference tables (built once at module load).

const DAY = 86_400_000;
const WINDOW_MS = 120 * DAY;
const YEAR = 365.25 * DAY;

const SALT_PERSON = 1;
const SALT_WEB = 2;
const SALT_MOBILE = 3;
const SALT_STORE = 4;
const SALT_ANON = 5;
const SALT_PROFILE = 6;
const SALT_LAYOUT = 7;
const SALT_ECID = 8;

const ECID_KIND_WEB = 1;
const ECID_KIND_APP = 2;
const ECID_KIND_ANON = 3;

// Rates (fractions of persons).
const P_CRM = 0.75;
const P_LOYALTY_GIVEN_CRM = 0.52; // 0.75 * 0.52 = 0.39
const P_LOYALTY_GIVEN_NO_CRM = 0.24; // 0.25 * 0.24 = 0.06  → 45% loyalty overall, ~87% of them CRM
const P_PHONE = 0.6;
const P_ALT_LOYALTY_EMAIL = 0.1;
const P_LOYALTY_HAS_CRMID = 0.7;
const P_NICKNAME = 0.45;
const P_LOYALTY_AUDIT = 0.5;
const P_MOBILE = 0.4;
const P_STORE_GIVEN_KNOWN = 0.37; // of CRM-or-loyalty persons (81%) → ~30% of persons
const ANON_RATE = 0.2;

const P_NO_WEB = 0.15;
const WEB_EXTRA_MEAN = 3.7; // 0.85 * (1 + 3.7) ≈ 4 web events per person
const MOBILE_EXTRA_MEAN = 4; // 0.4 * 5 = 2 app events per person
const STORE_EXTRA_MEAN = 2.3; // 0.3 * 3.3 ≈ 1 store purchase per person
const ANON_EXTRA_MEAN = 1;
const P_ECID_LINKED = 0.55;
const P_LOGGED_IN_AGAIN = 0.4;
const P_APP_LINKED = 0.7;
const P_APP_LOGGED_IN_AGAIN = 0.45;

interface FirstName {
  name: string;
  lower: string;
  gender: 'male' | 'female';
  nickname: string | null;
}

const FIRST_NAMES: FirstName[] = (
  [
    ['Robert', 'male', 'Bob'],
    ['William', 'male', 'Bill'],
    ['James', 'male', 'Jim'],
    ['Michael', 'male', 'Mike'],
    ['Richard', 'male', 'Rick'],
    ['Joseph', 'male', 'Joe'],
    ['Thomas', 'male', 'Tom'],
    ['Christopher', 'male', 'Chris'],
    ['Daniel', 'male', 'Dan'],
    ['Matthew', 'male', 'Matt'],
    ['Anthony', 'male', 'Tony'],
    ['Andrew', 'male', 'Andy'],
    ['Benjamin', 'male', 'Ben'],
    ['Nicholas', 'male', 'Nick'],
    ['Jonathan', 'male', 'Jon'],
    ['Alexander', 'male', 'Alex'],
    ['Zachary', 'male', 'Zach'],
    ['Samuel', 'male', 'Sam'],
    ['Edward', 'male', 'Ed'],
    ['Timothy', 'male', 'Tim'],
    ['David', 'male', 'Dave'],
    ['Steven', 'male', 'Steve'],
    ['Kenneth', 'male', 'Ken'],
    ['Gregory', 'male', 'Greg'],
    ['Patrick', 'male', 'Pat'],
    ['Charles', 'male', 'Charlie'],
    ['Kevin', 'male', null],
    ['Brian', 'male', null],
    ['Jason', 'male', null],
    ['Ryan', 'male', null],
    ['Eric', 'male', null],
    ['Jacob', 'male', 'Jake'],
    ['Tyler', 'male', null],
    ['Aaron', 'male', null],
    ['Carlos', 'male', null],
    ['Luis', 'male', null],
    ['Mateo', 'male', null],
    ['Hiroshi', 'male', null],
    ['Wei', 'male', null],
    ['Arjun', 'male', null],
    ['Liam', 'male', null],
    ['Noah', 'male', null],
    ['Ethan', 'male', null],
    ['Owen', 'male', null],
    ['Elizabeth', 'female', 'Liz'],
    ['Katherine', 'female', 'Kate'],
    ['Jennifer', 'female', 'Jen'],
    ['Margaret', 'female', 'Maggie'],
    ['Patricia', 'female', 'Patty'],
    ['Jessica', 'female', 'Jess'],
    ['Samantha', 'female', 'Sam'],
    ['Victoria', 'female', 'Vicky'],
    ['Rebecca', 'female', 'Becky'],
    ['Abigail', 'female', 'Abby'],
    ['Stephanie', 'female', 'Steph'],
    ['Deborah', 'female', 'Debbie'],
    ['Susan', 'female', 'Sue'],
    ['Christina', 'female', 'Tina'],
    ['Alexandra', 'female', 'Alex'],
    ['Kimberly', 'female', 'Kim'],
    ['Cynthia', 'female', 'Cindy'],
    ['Jacqueline', 'female', 'Jackie'],
    ['Mary', 'female', null],
    ['Linda', 'female', null],
    ['Sarah', 'female', null],
    ['Karen', 'female', null],
    ['Emily', 'female', null],
    ['Laura', 'female', null],
    ['Megan', 'female', null],
    ['Olivia', 'female', null],
    ['Emma', 'female', null],
    ['Sophia', 'female', null],
    ['Ava', 'female', null],
    ['Chloe', 'female', null],
    ['Grace', 'female', null],
    ['Hannah', 'female', null],
    ['Maria', 'female', null],
    ['Sofia', 'female', null],
    ['Yuki', 'female', null],
    ['Mei', 'female', null],
    ['Priya', 'female', null],
    ['Aisha', 'female', null],
    ['Nora', 'female', null],
    ['Zoe', 'female', null],
  ] as const
).map(([name, gender, nickname]) => ({ name, lower: name.toLowerCase(), gender, nickname }));

const ROBERT = FIRST_NAMES.findIndex((f) => f.name === 'Robert');

const LAST_NAMES: { name: string; lower: string }[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Gomez',
  'Phillips',
  'Evans',
  'Turner',
  'Diaz',
  'Parker',
  'Cruz',
  'Edwards',
  'Collins',
  'Reyes',
  'Stewart',
  'Morris',
  'Morales',
  'Murphy',
  'Cook',
  'Rogers',
  'Gutierrez',
  'Ortiz',
  'Morgan',
  'Cooper',
  'Peterson',
  'Bailey',
  'Reed',
  'Kelly',
  'Howard',
  'Ramos',
  'Kim',
  'Cox',
  'Ward',
  'Richardson',
  'Watson',
  'Brooks',
  'Chavez',
  'Wood',
  'James',
  'Bennett',
  'Gray',
  'Mendoza',
  'Ruiz',
  'Hughes',
  'Price',
  'Alvarez',
  'Castillo',
  'Sanders',
  'Patel',
  'Myers',
  'Long',
  'Ross',
  'Foster',
  'Jimenez',
  "O'Brien",
  'Sullivan',
  'Larsen',
  'Lindqvist',
  'Tanaka',
  'Yamamoto',
  'Chen',
  'Wang',
  'Singh',
  'Kowalski',
  'Novak',
  'Fischer',
  'Weber',
  'Dubois',
  'Moreau',
  'Rossi',
  'Bianchi',
  'Costa',
  'Silva',
  'Haugen',
].map((name) => ({ name, lower: name.toLowerCase().replace(/[^a-z]/g, '') }));

interface City {
  city: string;
  countryCode: 'US' | 'CA';
  /** US: 3-digit ZIP prefix; CA: forward sortation area. */
  postal: string;
  weight: number;
}

const CITIES: City[] = [
  { city: 'Seattle', countryCode: 'US', postal: '981', weight: 9 },
  { city: 'Portland', countryCode: 'US', postal: '972', weight: 8 },
  { city: 'Denver', countryCode: 'US', postal: '802', weight: 8 },
  { city: 'Boulder', countryCode: 'US', postal: '803', weight: 3 },
  { city: 'Salt Lake City', countryCode: 'US', postal: '841', weight: 5 },
  { city: 'Boise', countryCode: 'US', postal: '837', weight: 3 },
  { city: 'Bend', countryCode: 'US', postal: '977', weight: 2 },
  { city: 'Bozeman', countryCode: 'US', postal: '597', weight: 2 },
  { city: 'Anchorage', countryCode: 'US', postal: '995', weight: 2 },
  { city: 'San Francisco', countryCode: 'US', postal: '941', weight: 7 },
  { city: 'Sacramento', countryCode: 'US', postal: '958', weight: 3 },
  { city: 'Los Angeles', countryCode: 'US', postal: '900', weight: 6 },
  { city: 'Austin', countryCode: 'US', postal: '787', weight: 4 },
  { city: 'Minneapolis', countryCode: 'US', postal: '554', weight: 4 },
  { city: 'Chicago', countryCode: 'US', postal: '606', weight: 6 },
  { city: 'Boston', countryCode: 'US', postal: '021', weight: 5 },
  { city: 'Burlington', countryCode: 'US', postal: '054', weight: 2 },
  { city: 'New York', countryCode: 'US', postal: '100', weight: 7 },
  { city: 'Asheville', countryCode: 'US', postal: '288', weight: 2 },
  { city: 'Atlanta', countryCode: 'US', postal: '303', weight: 4 },
  { city: 'Vancouver', countryCode: 'CA', postal: 'V6B', weight: 5 },
  { city: 'Calgary', countryCode: 'CA', postal: 'T2P', weight: 3 },
  { city: 'Toronto', countryCode: 'CA', postal: 'M5V', weight: 5 },
  { city: 'Montreal', countryCode: 'CA', postal: 'H2X', weight: 3 },
];
const CITY_TABLE = weights(CITIES.map((c, i) => [i, c.weight] as const));

interface Store {
  storeId: string;
  cityIdx: number;
}
const STORE_CITIES = [
  'Seattle',
  'Seattle',
  'Portland',
  'Denver',
  'Boulder',
  'Salt Lake City',
  'Bend',
  'Bozeman',
  'San Francisco',
  'Los Angeles',
  'Chicago',
  'Boston',
  'New York',
  'Minneapolis',
  'Vancouver',
  'Calgary',
  'Toronto',
];
const STORES: Store[] = STORE_CITIES.map((city, i) => ({
  storeId: `NW-${String(101 + i)}`,
  cityIdx: CITIES.findIndex((c) => c.city === city),
}));
/** Preferred store per home city: a store in that city, else a deterministic fallback. */
const STORE_FOR_CITY: number[] = CITIES.map((c, ci) => {
  const local = STORES.findIndex((s) => s.cityIdx === ci);
  return local >= 0 ? local : (ci * 7) % STORES.length;
});

interface Product {
  sku: string;
  name: string;
  price: number;
  url: string;
  pageName: string;
}
const SITE = 'https://www.northwind-outfitters.example';
const PRODUCTS: Product[] = (
  [
    ['JKT', 'Summit Down Jacket', 289],
    ['JKT', 'Ridgeline Rain Shell', 179],
    ['JKT', 'Trailhead Fleece Jacket', 99],
    ['JKT', 'Glacier Insulated Parka', 349],
    ['JKT', 'Breakwater Softshell', 149],
    ['TOP', 'Basecamp Merino Tee', 65],
    ['TOP', 'Alpine Flannel Shirt', 72],
    ['TOP', 'Switchback Quarter-Zip', 84],
    ['TOP', 'Canyon Sun Hoodie', 58],
    ['BTM', 'Trekker Convertible Pants', 89],
    ['BTM', 'Boulder Climbing Pants', 95],
    ['BTM', 'Trail Running Shorts', 48],
    ['FTW', 'Cascade Hiking Boots', 219],
    ['FTW', 'Scree Trail Runners', 139],
    ['FTW', 'Riverbed Sandals', 79],
    ['FTW', 'Snowline Winter Boots', 189],
    ['PKS', 'Pathfinder 28L Daypack', 119],
    ['PKS', 'Expedition 65L Backpack', 279],
    ['PKS', 'Summit Hydration Pack', 89],
    ['CMP', 'Ridgeback 2P Tent', 399],
    ['CMP', 'Nightfall 20° Sleeping Bag', 229],
    ['CMP', 'Ultralight Sleeping Pad', 129],
    ['CMP', 'Firefly Camp Stove', 59],
    ['CMP', 'Lumen 400 Headlamp', 39],
    ['ACC', 'Wool Hiking Socks (3-pack)', 29],
    ['ACC', 'Polar Beanie', 24],
    ['ACC', 'Trail Gloves', 35],
    ['ACC', 'Insulated Water Bottle', 32],
    ['ACC', 'Carbon Trekking Poles', 149],
    ['ACC', 'Polarized Sunglasses', 89],
  ] as const
).map(([cat, name, price], i) => {
  const sku = `NW-${cat}-${1001 + i}`;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    sku,
    name,
    price,
    url: `${SITE}/products/${slug}-${sku.toLowerCase()}`,
    pageName: `Product: ${name}`,
  };
});

const PAGES: { name: string; URL: string }[] = [
  { name: 'Home', URL: `${SITE}/` },
  { name: 'Men: Jackets', URL: `${SITE}/men/jackets` },
  { name: 'Women: Jackets', URL: `${SITE}/women/jackets` },
  { name: 'Footwear', URL: `${SITE}/footwear` },
  { name: 'Packs & Bags', URL: `${SITE}/packs` },
  { name: 'Camping Gear', URL: `${SITE}/camp` },
  { name: 'Sale', URL: `${SITE}/sale` },
  { name: 'Store Locator', URL: `${SITE}/stores` },
  { name: 'Trail Journal', URL: `${SITE}/journal` },
  { name: 'Northwind Rewards', URL: `${SITE}/rewards` },
  { name: 'Search Results', URL: `${SITE}/search` },
];
const PAGE_TABLE = weights(PAGES.map((p, i) => [p, i === 0 ? 6 : i === 6 ? 3 : 1] as const));

const CART_PAGE = { name: 'Cart', URL: `${SITE}/cart` };
const CONFIRM_PAGE = { name: 'Order Confirmation', URL: `${SITE}/checkout/confirmation` };

const WEB_EVENT_TYPES = weights([
  ['web.webpagedetails.pageViews', 55],
  ['commerce.productViews', 25],
  ['commerce.productListAdds', 12],
  ['commerce.purchases', 8],
] as const);
const APP_EVENT_TYPES = weights([
  ['application.launch', 55],
  ['commerce.productViews', 30],
  ['commerce.purchases', 15],
] as const);
const DEVICE_MODELS = [
  'iPhone 15',
  'iPhone 15 Pro',
  'iPhone 14',
  'iPhone 13',
  'iPhone SE',
  'Pixel 8',
  'Pixel 7a',
  'Galaxy S24',
  'Galaxy S23',
  'Galaxy A54',
  'OnePlus 12',
];
const APP_VERSIONS = weights([
  ['5.4.1', 40],
  ['5.4.0', 25],
  ['5.3.2', 20],
  ['5.2.0', 10],
  ['4.9.8', 5],
] as const);
const TIERS = weights([
  ['bronze', 50],
  ['silver', 30],
  ['gold', 15],
  ['platinum', 5],
] as const);
const TIER_POINTS: Record<string, readonly [number, number]> = {
  bronze: [0, 2_499],
  silver: [2_500, 9_999],
  gold: [10_000, 24_999],
  platinum: [25_000, 80_000],
};
const GENDER_UNSPECIFIED = 0.08; // of those with a gender value
const ALPHA = 'ABCEGHJKLMNPRSTVWXYZ';
/** Browsers (web ECIDs) per ordinary person. */
const ECID_SLOTS = weights([
  [1, 60],
  [2, 30],
  [3, 10],
] as const);

const NAMESPACES: DemoNamespace[] = [
  {
    code: 'Email',
    name: 'Email',
    idType: 'EMAIL',
    description: 'Email addresses (standard namespace).',
    custom: false,
  },
  {
    code: 'Phone',
    name: 'Phone',
    idType: 'PHONE',
    description: 'Phone numbers in E.164 format (standard namespace).',
    custom: false,
  },
  {
    code: 'ECID',
    name: 'Experience Cloud ID',
    idType: 'COOKIE',
    description: 'Adobe Experience Cloud ID: browser and app-install identifiers (standard namespace).',
    custom: false,
  },
  {
    code: 'CRMID',
    name: 'Northwind CRM ID',
    idType: 'CROSS_DEVICE',
    description: 'Northwind Outfitters customer number from the CRM system (CRM-########).',
    custom: true,
  },
  {
    code: 'loyaltyId',
    name: 'Northwind Rewards ID',
    idType: 'CROSS_DEVICE',
    description: 'Northwind Rewards loyalty-programme member number.',
    custom: true,
  },
];

// ---------------------------------------------------------------------------------------------
// Layout: which indices are special. O(1) per lookup, so describePerson stays cheap.

interface Layout {
  profiles: number;
  seed: number;
  /** First allowed event ms (inclusive) and the number of allowed ms. */
  windowStart: number;
  windowSpan: number;
  nowMs: number;
  anonymous: number;
  heavyCount: number;
  stride: number;
  megaIndex: number;
}

function normalise(options: DemoOptions): DemoOptions {
  const profiles = Math.floor(options.profiles);
  if (!Number.isFinite(profiles) || profiles < 0)
    throw new RangeError('profiles must be a non-negative number');
  if (!Number.isFinite(options.seed)) throw new RangeError('seed must be a finite number');
  if (!Number.isFinite(options.now)) throw new RangeError('now must be a finite number (ms)');
  return { profiles, seed: options.seed, now: options.now };
}

function layoutFor(options: DemoOptions): Layout {
  const { profiles, seed, now } = normalise(options);
  const windowStart = Math.ceil(now - WINDOW_MS);
  const windowSpan = Math.max(1, Math.ceil(now) - windowStart);
  const heavyCount = profiles >= 500 ? Math.max(2, Math.round(profiles / 1000)) : Math.round(profiles / 1000);
  const stride = heavyCount > 0 ? Math.floor(profiles / heavyCount) : 0;
  const layout: Layout = {
    profiles,
    seed,
    windowStart,
    windowSpan,
    nowMs: Math.ceil(now) - 1,
    anonymous: Math.round(profiles * ANON_RATE),
    heavyCount,
    stride,
    megaIndex: -1,
  };
  if (profiles >= 100) {
    let mega = 1 + (hashSeed(seed, SALT_LAYOUT, 0x6d) % (profiles - 1));
    while (isHeavy(layout, mega)) mega = (mega % (profiles - 1)) + 1;
    layout.megaIndex = mega;
  }
  return layout;
}

function heavyOffset(layout: Layout, block: number): number {
  const off = hashSeed(layout.seed, SALT_LAYOUT, block) % layout.stride;
  return block === 0 && off === 0 ? 1 : off; // person 0 is always an ordinary person
}

function isHeavy(layout: Layout, i: number): boolean {
  if (layout.heavyCount === 0) return false;
  const block = Math.floor(i / layout.stride);
  return block < layout.heavyCount && i - block * layout.stride === heavyOffset(layout, block);
}

function kindOf(layout: Layout, i: number): DemoPersonKind {
  if (i === layout.megaIndex) return 'overflow';
  return isHeavy(layout, i) ? 'heavy' : 'normal';
}

// ---------------------------------------------------------------------------------------------
// Person model.

interface Person {
  index: number;
  kind: DemoPersonKind;
  first: FirstName;
  lastName: string;
  email: string;
  crmId: string | null;
  phone: string | null;
  loyaltyId: string | null;
  loyaltyEmail: string;
  loyaltyFirstName: string;
  loyaltyHasCrmId: boolean;
  cityIdx: number;
  storeIdx: number;
  /** Materialised only when requested (`want & WANT_WEB`); `webLinked.length` is the ECID count. */
  webEcids: string[];
  webLinked: boolean[];
  webCount: number;
  /** Materialised only when requested (`want & WANT_APP`) and the person uses the app. */
  mobileEcid: string | null;
  mobileLinked: boolean;
  mobileCount: number;
  storeCount: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** 38-digit numeric ECID: 12 random digits, kind digit, 10-digit owner index, 3-digit slot, 12 random. */
function makeEcid(rng: Rng, kind: number, owner: number, slot: number): string {
  const head = 100_000_000_000 + Math.floor(rng.next() * 900_000_000_000);
  const tail = Math.floor(rng.next() * 1_000_000_000_000);
  return `${head}${kind}${pad(owner, 10)}${pad(slot, 3)}${pad(tail, 12)}`;
}

function crmIdOf(i: number): string {
  return `CRM-${pad(i + 1, 8)}`;
}

function loyaltyIdOf(i: number): string {
  return `NWR-${pad(i + 1, 9)}`;
}

/** +1 555 xxx-xxxx (the fictional 555 area code); unique per person index. */
function phoneOf(i: number): string {
  return `+1${555 + Math.floor(i / 10_000_000)}${pad(i % 10_000_000, 7)}`;
}

/** Which ECID strings `buildPerson` should materialise (they are the costly part of a person). */
const WANT_NONE = 0;
const WANT_WEB = 1;
const WANT_APP = 2;
const WANT_ALL = WANT_WEB | WANT_APP;

function buildPerson(layout: Layout, i: number, rng: Rng, want: number): Person {
  rng.reseed(hashSeed(layout.seed, i, SALT_PERSON));
  const kind = kindOf(layout, i);
  const special = kind !== 'normal';

  let firstIdx = Math.floor(rng.next() * FIRST_NAMES.length);
  const last = LAST_NAMES[Math.floor(rng.next() * LAST_NAMES.length)];
  const orgDomain = rng.next() < 0.3;
  let crm = rng.next() < P_CRM;
  let loyalty = rng.next() < (crm ? P_LOYALTY_GIVEN_CRM : P_LOYALTY_GIVEN_NO_CRM);
  let phone = rng.next() < P_PHONE;
  let altEmail = rng.next() < P_ALT_LOYALTY_EMAIL;
  let loyaltyHasCrmId = rng.next() < P_LOYALTY_HAS_CRMID;
  let useNickname = rng.next() < P_NICKNAME;
  const cityIdx = rng.weighted(CITY_TABLE);
  const storeIdx = rng.next() < 0.85 ? STORE_FOR_CITY[cityIdx] : Math.floor(rng.next() * STORES.length);
  let webCount = rng.next() < P_NO_WEB ? 0 : 1 + rng.count(WEB_EXTRA_MEAN, 60);
  let ecidSlots = rng.weighted(ECID_SLOTS);
  const mobile = rng.next() < P_MOBILE;
  const mobileCount0 = 1 + rng.count(MOBILE_EXTRA_MEAN, 40);
  let mobileLinked = rng.next() < P_APP_LINKED;
  const storeBuyer = rng.next() < P_STORE_GIVEN_KNOWN;
  const storeCount0 = 1 + rng.count(STORE_EXTRA_MEAN, 25);
  const linkedBits = rng.next();

  if (i === 0) {
    // The well-known demo person: CRM customer and loyalty member with the same email, linked,
    // "Robert" in CRM but "Bob" in loyalty, with web events including a logged-in one.
    firstIdx = ROBERT;
    crm = true;
    loyalty = true;
    altEmail = false;
    loyaltyHasCrmId = true;
    useNickname = true;
    if (webCount < 3) webCount = 3;
    ecidSlots = 2;
  }
  if (special) {
    crm = true;
    phone = true;
    altEmail = false;
    mobileLinked = true;
  }

  const first = FIRST_NAMES[firstIdx];
  const email = `${first.lower}.${last.lower}${i}@${orgDomain ? 'example.org' : 'example.com'}`;
  const loyaltyEmail =
    loyalty && crm && altEmail
      ? `${first.lower[0]}${last.lower}.${i}@${orgDomain ? 'example.com' : 'example.org'}`
      : email;
  const loyaltyFirstName = useNickname && first.nickname !== null ? first.nickname : first.name;

  const mobileCount = mobile ? mobileCount0 : 0;
  let nEcid: number;
  let linkAll = false;
  if (special) {
    const target =
      kind === 'heavy'
        ? 40 + (hashSeed(layout.seed, i, SALT_LAYOUT) % 10)
        : 55 + (hashSeed(layout.seed, i, SALT_LAYOUT) % 6);
    // Base identities: CRMID, Email, Phone, loyaltyId (same email), app ECID (always linked).
    const base = 3 + (loyalty ? 1 : 0) + (mobileCount > 0 ? 1 : 0);
    nEcid = target - base;
    webCount = nEcid + rng.count(8, 40);
    linkAll = true;
  } else {
    nEcid = Math.min(ecidSlots, webCount);
  }

  const webLinked: boolean[] = new Array(nEcid);
  for (let j = 0; j < nEcid; j++) {
    // Independent-ish bits from one draw: bit j of a scaled uniform.
    webLinked[j] = linkAll || (linkedBits * (1 << (j + 1))) % 1 < P_ECID_LINKED || (i === 0 && j === 0);
  }
  // ECIDs come from their own streams (no person draws after this point), only when asked for.
  const webEcids: string[] = new Array(want & WANT_WEB ? nEcid : 0);
  let mobileEcid: string | null = null;
  if (want !== WANT_NONE) {
    rng.reseed(hashSeed(layout.seed, i, SALT_ECID));
    for (let j = 0; j < webEcids.length; j++) webEcids[j] = makeEcid(rng, ECID_KIND_WEB, i, j);
    if (want & WANT_APP && mobileCount > 0) {
      rng.reseed(hashSeed(layout.seed, i, SALT_ECID, ECID_KIND_APP));
      mobileEcid = makeEcid(rng, ECID_KIND_APP, i, 0);
    }
  }

  return {
    index: i,
    kind,
    first,
    lastName: last.name,
    email,
    crmId: crm ? crmIdOf(i) : null,
    phone: crm && phone ? phoneOf(i) : null,
    loyaltyId: loyalty ? loyaltyIdOf(i) : null,
    loyaltyEmail,
    loyaltyFirstName,
    loyaltyHasCrmId: crm && loyaltyHasCrmId,
    cityIdx,
    storeIdx,
    webEcids,
    webLinked,
    webCount,
    mobileEcid,
    mobileLinked,
    mobileCount,
    storeCount: (crm || loyalty) && storeBuyer ? storeCount0 : 0,
  };
}

function graphSizeOf(p: Person): number {
  let size = 0;
  let emailIn = false;
  if (p.crmId !== null) {
    size += 2 + (p.phone !== null ? 1 : 0); // CRMID, Email, Phone
    emailIn = true;
    if (p.loyaltyId !== null) {
      if (p.loyaltyEmail === p.email) size += 1;
      else if (p.loyaltyHasCrmId) size += 2; // loyaltyId + the second email
    }
  } else if (p.loyaltyId !== null) {
    size += 2; // loyaltyId, Email
    emailIn = true;
  }
  let stitched = 0;
  for (let j = 0; j < p.webLinked.length; j++) if (p.webLinked[j]) stitched++;
  if (p.mobileCount > 0 && p.mobileLinked) stitched++;
  if (stitched > 0 && !emailIn) size += 1; // the Email carried by logged-in events
  return size + stitched;
}

// ---------------------------------------------------------------------------------------------
// Record builders.

const D2: string[] = Array.from({ length: 100 }, (_, k) => String(k).padStart(2, '0'));
const D3: string[] = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, '0'));
/** Years 1000–9999: the range where the fast formatter matches `Date#toISOString`. */
const FAST_MIN_MS = -30_610_224_000_000;
const FAST_MAX_MS = 253_402_300_799_999;

/** 'YYYY-MM-DD' for a day number since 1970-01-01 (proleptic Gregorian; Hinnant's civil_from_days). */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return `${yoe + era * 400 + (m <= 2 ? 1 : 0)}-${D2[m]}-${D2[d]}`;
}

// Event timestamps cluster in a 121-day window, so the date part is memoised per day.
const dayCache = new Map<number, string>();
function datePrefix(days: number): string {
  let s = dayCache.get(days);
  if (s === undefined) {
    if (dayCache.size > 4096) dayCache.clear();
    s = civilDate(days) + 'T';
    dayCache.set(days, s);
  }
  return s;
}

/** Same output as `new Date(ms).toISOString()` for integer ms, without allocating a Date. */
function isoTimestamp(ms: number): string {
  if (ms < FAST_MIN_MS || ms > FAST_MAX_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY);
  let rem = ms - days * DAY;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const mi = Math.floor(rem / 60_000);
  rem -= mi * 60_000;
  const sec = Math.floor(rem / 1000);
  return `${datePrefix(days)}${D2[h]}:${D2[mi]}:${D2[sec]}.${D3[rem - sec * 1000]}Z`;
}

function isoDate(ms: number): string {
  if (ms < FAST_MIN_MS || ms > FAST_MAX_MS) return new Date(ms).toISOString().slice(0, 10);
  return civilDate(Math.floor(ms / DAY));
}

function money(x: number): number {
  return Math.round(x * 100) / 100;
}

function eventTime(layout: Layout, rng: Rng): string {
  return isoTimestamp(layout.windowStart + Math.floor(rng.next() * layout.windowSpan));
}

function postalCode(city: City, rng: Rng): string {
  if (city.countryCode === 'US') return city.postal + pad(Math.floor(rng.next() * 100), 2);
  return `${city.postal} ${Math.floor(rng.next() * 10)}${ALPHA[Math.floor(rng.next() * ALPHA.length)]}${Math.floor(rng.next() * 10)}`;
}

interface Basket {
  items: Record<string, unknown>[];
  total: number;
}

function basket(rng: Rng, maxItems: number): Basket {
  const n = 1 + Math.floor(rng.next() * rng.next() * maxItems);
  const items: Record<string, unknown>[] = new Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const p = PRODUCTS[Math.floor(rng.next() * PRODUCTS.length)];
    const quantity = rng.next() < 0.85 ? 1 : 2;
    const priceTotal = money(p.price * quantity);
    total += priceTotal;
    items[k] = { SKU: p.sku, name: p.name, quantity, priceTotal };
  }
  return { items, total: money(total) };
}

function crmRecord(layout: Layout, p: Person, rng: Rng): Record<string, unknown> {
  rng.reseed(hashSeed(layout.seed, p.index, SALT_PROFILE));
  const city = CITIES[p.cityIdx];
  const identityMap: Record<string, unknown> = {
    CRMID: [{ id: p.crmId, primary: true }],
    Email: [{ id: p.email }],
  };
  if (p.phone !== null) identityMap.Phone = [{ id: p.phone }];
  const person: Record<string, unknown> = { name: { firstName: p.first.name, lastName: p.lastName } };
  if (rng.next() < 0.7) {
    person.birthDate = isoDate(layout.nowMs - Math.floor((18 + rng.next() * 55) * YEAR));
  } else rng.next();
  if (rng.next() < 0.8) person.gender = rng.next() < GENDER_UNSPECIFIED ? 'not_specified' : p.first.gender;
  else rng.next();
  const customerSince = layout.windowStart - DAY - Math.floor(rng.next() * 12 * YEAR);
  const record: Record<string, unknown> = {
    _id: `crm-${p.index}`,
    identityMap,
    person,
    personalEmail: { address: p.email },
  };
  if (p.phone !== null) record.mobilePhone = { number: p.phone };
  record.homeAddress = { city: city.city, countryCode: city.countryCode, postalCode: postalCode(city, rng) };
  record.extSourceSystemAudit = {
    lastUpdatedDate: isoTimestamp(layout.windowStart + Math.floor(rng.next() * layout.windowSpan)),
  };
  record._northwind = {
    crm: { customerSince: isoDate(customerSince), preferredStore: STORES[p.storeIdx].storeId },
  };
  return record;
}

function loyaltyRecord(layout: Layout, p: Person, rng: Rng): Record<string, unknown> {
  // Offset the salt so the loyalty draws are independent of the CRM draws.
  rng.reseed(hashSeed(layout.seed, p.index, SALT_PROFILE, 1));
  const identityMap: Record<string, unknown> = {
    loyaltyId: [{ id: p.loyaltyId, primary: true }],
    Email: [{ id: p.loyaltyEmail }],
  };
  if (p.loyaltyHasCrmId) identityMap.CRMID = [{ id: p.crmId }];
  const tier = rng.weighted(TIERS);
  const [lo, hi] = TIER_POINTS[tier];
  const points = lo + Math.floor(rng.next() * (hi - lo + 1));
  const joinDate = isoDate(layout.windowStart - DAY - Math.floor(rng.next() * 8 * YEAR));
  const record: Record<string, unknown> = {
    _id: `loyalty-${p.index}`,
    identityMap,
    loyalty: { tier, points, joinDate },
    person: { name: { firstName: p.loyaltyFirstName, lastName: p.lastName } },
    personalEmail: { address: p.loyaltyEmail },
  };
  const audited = rng.next() < P_LOYALTY_AUDIT;
  const updated = layout.windowStart + Math.floor(rng.next() * layout.windowSpan);
  if (audited || p.index === 0) record.extSourceSystemAudit = { lastUpdatedDate: isoTimestamp(updated) };
  return record;
}

function webEvent(
  layout: Layout,
  rng: Rng,
  n: number,
  ecid: string,
  email: string | null,
): Record<string, unknown> {
  const eventType = rng.weighted(WEB_EVENT_TYPES);
  const timestamp = eventTime(layout, rng);
  const identityMap: Record<string, unknown> =
    email === null
      ? { ECID: [{ id: ecid, primary: true }] }
      : { ECID: [{ id: ecid, primary: true }], Email: [{ id: email, authenticatedState: 'authenticated' }] };
  const record: Record<string, unknown> = { _id: `web-${n}`, timestamp, eventType, identityMap };
  if (eventType === 'web.webpagedetails.pageViews') {
    record.web = { webPageDetails: rng.weighted(PAGE_TABLE) };
  } else if (eventType === 'commerce.purchases') {
    const b = basket(rng, 4);
    record.web = { webPageDetails: CONFIRM_PAGE };
    record.commerce = { order: { priceTotal: b.total, currencyCode: 'USD' }, purchases: { value: 1 } };
    record.productListItems = b.items;
  } else {
    const p = PRODUCTS[Math.floor(rng.next() * PRODUCTS.length)];
    const adds = eventType === 'commerce.productListAdds';
    record.web = { webPageDetails: adds ? CART_PAGE : { name: p.pageName, URL: p.url } };
    record.commerce = adds ? { productListAdds: { value: 1 } } : { productViews: { value: 1 } };
    record.productListItems = [{ SKU: p.sku, name: p.name, quantity: 1, priceTotal: p.price }];
  }
  return record;
}

function appEvent(
  layout: Layout,
  rng: Rng,
  n: number,
  p: Person,
  loggedIn: boolean,
  model: string,
  version: string,
): Record<string, unknown> {
  const eventType = rng.weighted(APP_EVENT_TYPES);
  const timestamp = eventTime(layout, rng);
  const identityMap: Record<string, unknown> = { ECID: [{ id: p.mobileEcid, primary: true }] };
  if (loggedIn) {
    if (p.crmId !== null) identityMap.CRMID = [{ id: p.crmId, authenticatedState: 'authenticated' }];
    else identityMap.Email = [{ id: p.email, authenticatedState: 'authenticated' }];
  }
  const record: Record<string, unknown> = {
    _id: `app-${n}`,
    timestamp,
    eventType,
    identityMap,
    application: { name: 'Northwind', version },
    device: { type: 'mobile', model },
  };
  if (eventType === 'commerce.purchases') {
    const b = basket(rng, 3);
    record.commerce = { order: { priceTotal: b.total, currencyCode: 'USD' }, purchases: { value: 1 } };
    record.productListItems = b.items;
  } else if (eventType === 'commerce.productViews') {
    const prod = PRODUCTS[Math.floor(rng.next() * PRODUCTS.length)];
    record.commerce = { productViews: { value: 1 } };
    record.productListItems = [{ SKU: prod.sku, name: prod.name, quantity: 1, priceTotal: prod.price }];
  }
  return record;
}

function storeEvent(layout: Layout, rng: Rng, n: number, p: Person): Record<string, unknown> {
  const timestamp = eventTime(layout, rng);
  const store = STORES[rng.next() < 0.75 ? p.storeIdx : Math.floor(rng.next() * STORES.length)];
  const city = CITIES[store.cityIdx];
  const b = basket(rng, 5);
  const identityMap =
    p.loyaltyId !== null
      ? { loyaltyId: [{ id: p.loyaltyId, primary: true }] }
      : { CRMID: [{ id: p.crmId, primary: true }] };
  return {
    _id: `pos-${n}`,
    timestamp,
    eventType: 'commerce.purchases',
    identityMap,
    commerce: {
      order: { priceTotal: b.total, currencyCode: city.countryCode === 'CA' ? 'CAD' : 'USD' },
      purchases: { value: 1 },
    },
    productListItems: b.items,
    placeContext: { geo: { city: city.city, countryCode: city.countryCode } },
    _northwind: { storeId: store.storeId },
  };
}

// ---------------------------------------------------------------------------------------------
// Dataset streams.

function* crmRecords(layout: Layout): Generator<Record<string, unknown>> {
  const rng = new Rng(0);
  for (let i = 0; i < layout.profiles; i++) {
    const p = buildPerson(layout, i, rng, WANT_NONE);
    if (p.crmId !== null) yield crmRecord(layout, p, rng);
  }
}

function* loyaltyRecords(layout: Layout): Generator<Record<string, unknown>> {
  const rng = new Rng(0);
  for (let i = 0; i < layout.profiles; i++) {
    const p = buildPerson(layout, i, rng, WANT_NONE);
    if (p.loyaltyId !== null) yield loyaltyRecord(layout, p, rng);
  }
}

function* webRecords(layout: Layout): Generator<Record<string, unknown>> {
  const rng = new Rng(0);
  let n = 0;
  let anon = 0;
  const { profiles, anonymous } = layout;
  for (let i = 0; i < profiles; i++) {
    const p = buildPerson(layout, i, rng, WANT_WEB);
    if (p.webCount > 0) {
      rng.reseed(hashSeed(layout.seed, i, SALT_WEB));
      const nEcid = p.webEcids.length;
      for (let k = 0; k < p.webCount; k++) {
        const j = k < nEcid ? k : Math.floor(rng.next() * nEcid);
        const again = rng.next() < P_LOGGED_IN_AGAIN;
        const loggedIn = p.webLinked[j] && (k < nEcid || again);
        yield webEvent(layout, rng, n++, p.webEcids[j], loggedIn ? p.email : null);
      }
    }
    // Interleave anonymous visitors evenly with the known persons.
    while (anon < anonymous && anon * profiles < (i + 1) * anonymous) {
      rng.reseed(hashSeed(layout.seed, anon, SALT_ANON));
      const ecid = makeEcid(rng, ECID_KIND_ANON, anon, 0);
      const count = 1 + rng.count(ANON_EXTRA_MEAN, 20);
      for (let k = 0; k < count; k++) yield webEvent(layout, rng, n++, ecid, null);
      anon++;
    }
  }
}

function* mobileRecords(layout: Layout): Generator<Record<string, unknown>> {
  const rng = new Rng(0);
  let n = 0;
  for (let i = 0; i < layout.profiles; i++) {
    const p = buildPerson(layout, i, rng, WANT_APP);
    if (p.mobileCount === 0) continue;
    rng.reseed(hashSeed(layout.seed, i, SALT_MOBILE));
    const model = DEVICE_MODELS[Math.floor(rng.next() * DEVICE_MODELS.length)];
    const version = rng.weighted(APP_VERSIONS);
    for (let k = 0; k < p.mobileCount; k++) {
      const again = rng.next() < P_APP_LOGGED_IN_AGAIN;
      const loggedIn = p.mobileLinked && (k === 0 || again);
      yield appEvent(layout, rng, n++, p, loggedIn, model, version);
    }
  }
}

function* storeRecords(layout: Layout): Generator<Record<string, unknown>> {
  const rng = new Rng(0);
  let n = 0;
  for (let i = 0; i < layout.profiles; i++) {
    const p = buildPerson(layout, i, rng, WANT_NONE);
    if (p.storeCount === 0) continue;
    rng.reseed(hashSeed(layout.seed, i, SALT_STORE));
    for (let k = 0; k < p.storeCount; k++) yield storeEvent(layout, rng, n++, p);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API.

export function planDemo(options: DemoOptions): DemoPlan {
  const layout = layoutFor(options);
  const datasets: DemoDataset[] = [
    {
      key: 'crm',
      name: 'CRM Customers',
      description: 'Northwind Outfitters CRM customer records (nightly full export).',
      class: 'profile',
      profileEnabled: true,
      upsert: false,
      records: () => crmRecords(layout),
    },
    {
      key: 'loyalty',
      name: 'Loyalty Members',
      description: 'Northwind Rewards loyalty-programme members (upserted as members change).',
      class: 'profile',
      profileEnabled: true,
      upsert: true,
      records: () => loyaltyRecords(layout),
    },
    {
      key: 'web',
      name: 'Web Events',
      description: 'northwind-outfitters.example page views and commerce events, keyed on ECID.',
      class: 'experienceevent',
      profileEnabled: true,
      upsert: false,
      records: () => webRecords(layout),
    },
    {
      key: 'mobile',
      name: 'Mobile App Events',
      description: 'Northwind mobile app launches, product views and purchases.',
      class: 'experienceevent',
      profileEnabled: true,
      upsert: false,
      records: () => mobileRecords(layout),
    },
    {
      key: 'store',
      name: 'In-Store Purchases',
      description: 'Point-of-sale purchases from Northwind Outfitters stores.',
      class: 'experienceevent',
      profileEnabled: true,
      upsert: false,
      records: () => storeRecords(layout),
    },
  ];
  return { namespaces: NAMESPACES.map((ns) => ({ ...ns })), datasets };
}

/** Deterministic, O(1) description of person `index` (0 ≤ index < profiles). */
export function describePerson(options: DemoOptions, index: number): DemoPersonDescription {
  const layout = layoutFor(options);
  if (!Number.isInteger(index) || index < 0 || index >= layout.profiles) {
    throw new RangeError(`person index ${index} is outside [0, ${layout.profiles})`);
  }
  const p = buildPerson(layout, index, new Rng(0), WANT_ALL);
  const ecids = p.mobileEcid !== null ? [...p.webEcids, p.mobileEcid] : [...p.webEcids];
  const out: DemoPersonDescription = {
    index,
    kind: p.kind,
    email: p.email,
    ecids,
    firstName: p.first.name,
    lastName: p.lastName,
    counts: { web: p.webCount, mobile: p.mobileCount, store: p.storeCount },
    graphSize: graphSizeOf(p),
  };
  if (p.crmId !== null) out.crmId = p.crmId;
  if (p.phone !== null) out.phone = p.phone;
  if (p.loyaltyId !== null) {
    out.loyaltyId = p.loyaltyId;
    out.loyaltyFirstName = p.loyaltyFirstName;
    if (p.loyaltyEmail !== p.email) out.loyaltyEmail = p.loyaltyEmail;
  }
  return out;
}

/** Indices of the special persons, for tests and e2e: heavy (40–49 identities) and overflow (> 50). */
export function specialPersons(options: DemoOptions): { heavy: number[]; overflow: number | null } {
  const layout = layoutFor(options);
  const heavy: number[] = [];
  for (let b = 0; b < layout.heavyCount; b++) heavy.push(b * layout.stride + heavyOffset(layout, b));
  return { heavy, overflow: layout.megaIndex >= 0 ? layout.megaIndex : null };
}

/** Length of the event window in ms (events fall in [now - DEMO_WINDOW_MS, now)). */
export const DEMO_WINDOW_MS = WINDOW_MS;
