/**
 * "No feature reads another feature's tables", for raw SQL. dependency-cruiser keeps a feature from
 * importing another feature's entities (.dependency-cruiser.cjs); this catches the SQL that names a
 * table directly. It scans src/**\/*.ts (not migrations, src/entry/seed or specs) for
 *   FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE <table>, nextval('<sequence>'), .from('<table>') and the like
 * and fails when a file outside the table's owning folder names it. Every table and sequence the
 * migrations create must have an owner below, so a new table cannot slip past.
 *
 * SQL keywords are matched in upper case only (the codebase's style), so prose such as "read from
 * applications" in a comment does not count; "FROM applications" in a comment does.
 *
 *   npm run lint:tables            (ts-node --transpile-only scripts/check-table-owners.ts [root])
 * Prints one line per finding, "file:line table owned by owner", and exits 1 when there is any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface TableOwner {
  /** A table (or sequence) name, or a pattern for a family of them. */
  table: string | RegExp;
  /** The folder, relative to the repository root, whose files may name the table in SQL. */
  owner: string;
}

export const TABLE_OWNERS: readonly TableOwner[] = [
  { table: 'programmes', owner: 'src/features/programmes' },
  { table: 'applications', owner: 'src/features/applications' },
  { table: 'application_history', owner: 'src/features/applications' },
  { table: 'application_reference_seq', owner: 'src/features/applications' },
  { table: 'milestones', owner: 'src/features/milestones' },
  { table: /^milestone_[a-z0-9_]+$/, owner: 'src/features/milestones' },
  { table: 'report_deltas', owner: 'src/features/reports' },
  { table: 'report_cells', owner: 'src/features/reports' },
  { table: 'report_rollups', owner: 'src/features/reports' },
  { table: 'notifications', owner: 'src/features/notifications' },
  { table: 'documents', owner: 'src/features/documents' },
  { table: 'staff_members', owner: 'src/features/staff' },
  { table: 'outbox', owner: 'src/platform/outbox' },
  { table: 'personal_data_access', owner: 'src/features/access' },
  { table: 'web_sessions', owner: 'src/platform/auth' },
  { table: 'oidc_logins', owner: 'src/platform/auth' },
  { table: 'application_drafts', owner: 'src/features/applications' },
  { table: 'mailbox', owner: 'src/platform/mail' },
  { table: /^programme_submissions_[a-z0-9_]*$/, owner: 'src/features/programmes' },
  { table: 'lottery_days', owner: 'src/features/allocation' },
  { table: 'webhook_subscriptions', owner: 'src/features/webhooks' },
  { table: 'webhook_deliveries', owner: 'src/features/webhooks' },
];

export const MIGRATIONS_DIR = 'src/platform/database/migrations';

/** Files that may name any table: the schema itself, the demo seed, and unit specs. */
const EXEMPT: readonly RegExp[] = [/^src\/platform\/database\/migrations\//, /^src\/entry\/seed\//, /\.spec\.ts$/];

const IDENT = '"?([a-z_][a-z0-9_]*)"?';
const TABLE_REFERENCES: readonly RegExp[] = [
  // Raw SQL: DELETE FROM t, JOIN t, INSERT INTO t, UPDATE t, LOCK TABLE t, TRUNCATE t ...
  new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\\s+(?:ONLY\\s+)?(?:"?public"?\\.)?${IDENT}`, 'g'),
  // Sequences: nextval('application_reference_seq')
  /\b(?:nextval|currval|setval)\(\s*'(?:public\.)?([a-z_][a-z0-9_]*)'/g,
  // TypeORM query builders given a table name rather than an entity: .from('applications', 'a')
  /\.(?:from|into|update|delete|(?:inner|left)Join(?:AndSelect|AndMap(?:One|Many))?)\(\s*['"`]([a-z_][a-z0-9_]*)['"`]/g,
];

const DEFINITIONS =
  /\bCREATE\s+(?:UNLOGGED\s+)?(?:TABLE|SEQUENCE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/g;

export interface Finding {
  file: string;
  line: number;
  table: string;
  owner: string | null;
  message: string;
}

export function ownerOf(table: string): string | null {
  const hit = TABLE_OWNERS.find((o) => (typeof o.table === 'string' ? o.table === table : o.table.test(table)));
  return hit ? hit.owner : null;
}

function tsFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...tsFiles(root, rel));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function inside(file: string, folder: string): boolean {
  return file === folder || file.startsWith(`${folder}/`);
}

/** Tables and sequences the migrations create that have no entry in TABLE_OWNERS. */
export function unownedTables(root: string): Finding[] {
  const findings: Finding[] = [];
  for (const file of tsFiles(root, MIGRATIONS_DIR)) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(DEFINITIONS)) {
      const table = match[1];
      if (ownerOf(table)) continue;
      const line = lineAt(text, match.index);
      findings.push({
        file,
        line,
        table,
        owner: null,
        message: `${file}:${line} ${table} has no owner in scripts/check-table-owners.ts`,
      });
    }
  }
  return findings;
}

/** Every place under root/src where a file names, in SQL, a table that another folder owns. */
export function findForeignTableAccess(root: string): Finding[] {
  const findings: Finding[] = [];
  for (const file of tsFiles(root, 'src')) {
    if (EXEMPT.some((re) => re.test(file))) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const seen = new Set<string>();
    for (const pattern of TABLE_REFERENCES) {
      for (const match of text.matchAll(pattern)) {
        const table = match[1];
        const owner = ownerOf(table);
        if (!owner || inside(file, owner)) continue;
        const line = lineAt(text, match.index + match[0].lastIndexOf(table));
        const key = `${line}:${table}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({ file, line, table, owner, message: `${file}:${line} ${table} owned by ${owner}` });
      }
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.table.localeCompare(b.table));
}

export function checkTableOwners(root: string): Finding[] {
  return [...unownedTables(root), ...findForeignTableAccess(root)];
}

if (require.main === module) {
  const root = process.argv[2] ?? join(__dirname, '..');
  const findings = checkTableOwners(root);
  for (const finding of findings) process.stdout.write(`${finding.message}\n`);
  const where = relative(process.cwd(), root).split(sep).join('/') || '.';
  if (findings.length > 0) {
    process.stderr.write(`check-table-owners: ${findings.length} finding(s) in ${where}/src\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`check-table-owners: every table is named only by its owner in ${where}/src\n`);
  }
}
