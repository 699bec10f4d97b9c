import type { ImportOptions, ImportRequest, RecordKind, Target } from '../ipc';

/** What the user says the file holds; vCard always holds contacts. */
export type ImportKind = 'accounts' | 'contacts' | 'vcard';

export const IMPORT_KINDS: readonly { id: ImportKind; title: string; detail: string; accept: string }[] = [
  {
    id: 'accounts',
    title: 'Accounts (CSV)',
    detail:
      'Companies exported from a CRM or a spreadsheet. Salesforce and HubSpot column names (Account Name, Industry, Annual Revenue, Account Owner…) are recognised; other columns can be mapped.',
    accept: '.csv,.txt,.tsv,text/csv,text/plain',
  },
  {
    id: 'contacts',
    title: 'Contacts (CSV)',
    detail:
      'People at your accounts, with their company in a column. Salesforce and HubSpot contact exports are recognised; other columns can be mapped.',
    accept: '.csv,.txt,.tsv,text/csv,text/plain',
  },
  {
    id: 'vcard',
    title: 'Contacts (vCard .vcf)',
    detail:
      'Cards from Outlook, Apple Contacts, Google Contacts or a phone. The company on each card becomes its account.',
    accept: '.vcf,.vcard,text/vcard,text/x-vcard',
  },
];

export function recordKind(kind: ImportKind): RecordKind {
  return kind === 'accounts' ? 'accounts' : 'contacts';
}

/**
 * The fields a column can feed for each kind, in the order the select lists
 * them. Mirrors `Target::applies_to` in crates/core (Rust refuses a mapping to
 * a field the kind lacks, so a drift shows up as an error, not bad data).
 * Accounts leave out `account_name`: in an accounts file it is the name.
 */
export const TARGETS_FOR: Record<RecordKind, readonly Target[]> = {
  accounts: [
    'ignore',
    'name',
    'industry',
    'region',
    'country',
    'state',
    'tier',
    'annual_revenue',
    'currency',
    'owner_name',
    'notes',
  ],
  contacts: [
    'ignore',
    'name',
    'first_name',
    'middle_name',
    'last_name',
    'title',
    'department',
    'email',
    'phone',
    'mobile',
    'account_name',
    'reports_to',
    'owner_name',
    'notes',
  ],
};

const TARGET_LABEL: Record<Target, string> = {
  ignore: "Don't import",
  name: 'Name',
  first_name: 'First name',
  middle_name: 'Middle name',
  last_name: 'Last name',
  industry: 'Industry',
  region: 'Region',
  country: 'Country',
  state: 'State or province',
  tier: 'Tier',
  annual_revenue: 'Annual revenue',
  currency: 'Currency',
  owner_name: 'Owner (our person)',
  notes: 'Notes',
  title: 'Job title',
  department: 'Department',
  email: 'Email',
  phone: 'Phone',
  mobile: 'Mobile phone',
  account_name: 'Account (company)',
  reports_to: 'Reports to (manager)',
};

export function targetLabel(target: Target, kind: RecordKind): string {
  if (target === 'name') return kind === 'accounts' ? 'Account name' : 'Full name';
  if (target === 'account_name' && kind === 'accounts') return 'Account name';
  return TARGET_LABEL[target];
}

/** The user's mapping, minus choices the kind cannot take (Rust would refuse the whole file). */
export function mappingFor(kind: ImportKind, columns: Readonly<Record<string, Target>>): Record<string, Target> {
  if (kind === 'vcard') return {};
  const allowed = TARGETS_FOR[recordKind(kind)];
  return Object.fromEntries(Object.entries(columns).filter(([, target]) => allowed.includes(target)));
}

/** The choices for a whole accounts file; nothing is assumed until the user picks it. */
export const NO_OPTIONS: ImportOptions = {
  default_currency: null,
  default_tier: null,
  tiers: {},
  add_unknown_owners: false,
};

export { TIERS } from '../accounts/tier';

export function importRequest(
  kind: ImportKind,
  columns: Readonly<Record<string, Target>>,
  accountName: string,
  options: ImportOptions = NO_OPTIONS,
): ImportRequest {
  const account = accountName.trim();
  const request: ImportRequest = {
    format: kind === 'vcard' ? 'vcard' : 'csv',
    kind: recordKind(kind),
    mapping: { columns: mappingFor(kind, columns) },
    account_name: kind === 'accounts' || account === '' ? null : account,
  };
  // Currency, tiers and owners are about accounts only.
  return kind === 'accounts' ? { ...request, options } : request;
}

/** The kind a file's name implies when it contradicts the chosen format (a .vcf while CSV is picked). */
export function kindForFileName(name: string, chosen: ImportKind): ImportKind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.vcf') || lower.endsWith('.vcard')) return 'vcard';
  if (chosen === 'vcard' && /\.(csv|tsv|txt)$/.test(lower)) return 'contacts';
  return chosen;
}

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Sizes in binary units, as the 50 MB limit is. */
export { formatSize } from '../lib/format';

const countFormat = new Intl.NumberFormat();

export function formatCount(n: number): string {
  return countFormat.format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
