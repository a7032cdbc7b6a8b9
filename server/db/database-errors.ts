// What to tell a person when Hookboard cannot use the database DATABASE_URL names. The drivers
// (pg, better-sqlite3) and Prisma each report a missing host, a refused connection or an unknown
// database in their own words; this turns them into one sentence that names DATABASE_URL, the
// engine and where it points (never the password), and says what to change.
import { providerOf } from "../config/config.ts";
import { sqlitePath } from "./client.ts";

interface ErrorFields {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: unknown;
}

/** `postgresql://user:***@host:port/db` or the SQLite file's absolute path: where DATABASE_URL points, safe to print. */
export function describeDatabaseUrl(databaseUrl: string): string {
  if (providerOf(databaseUrl) === "sqlite") return sqlitePath(databaseUrl);
  try {
    const url = new URL(databaseUrl);
    const user = url.username ? `${decodeURIComponent(url.username)}${url.password ? ":***" : ""}@` : "";
    return `${url.protocol}//${user}${url.host}${url.pathname}`;
  } catch {
    return "a PostgreSQL URL that does not parse";
  }
}

function fieldsOf(error: unknown): ErrorFields | null {
  return typeof error === "object" && error !== null ? (error as ErrorFields) : null;
}

/** The error and everything it wraps: `cause`, an AggregateError's errors (pg tries each address). */
function chain(error: unknown): ErrorFields[] {
  const seen: ErrorFields[] = [];
  const queue = [error];
  while (queue.length && seen.length < 20) {
    const fields = fieldsOf(queue.shift());
    if (!fields || seen.includes(fields)) continue;
    seen.push(fields);
    queue.push(fields.cause);
    if (Array.isArray(fields.errors)) queue.push(...(fields.errors as unknown[]));
  }
  return seen;
}

/** Prisma's driver adapter error (meta.driverAdapterError.cause.kind) for queries made through Prisma. */
function adapterKind(fields: ErrorFields): string | null {
  const meta = fieldsOf(fields.meta) as { driverAdapterError?: { cause?: { kind?: unknown } } } | null;
  const kind = meta?.driverAdapterError?.cause?.kind;
  return typeof kind === "string" ? kind : null;
}

function postgresTarget(databaseUrl: string): { host: string; port: string; database: string; user: string } {
  try {
    const url = new URL(databaseUrl);
    return {
      host: url.hostname || "localhost",
      port: url.port || "5432",
      database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "(the user's default)",
      user: decodeURIComponent(url.username) || "(the system user)",
    };
  } catch {
    return { host: "?", port: "?", database: "?", user: "?" };
  }
}

function postgresProblem(codes: Set<string>, kinds: Set<string>, databaseUrl: string): string | null {
  const { host, port, database, user } = postgresTarget(databaseUrl);
  const has = (...names: string[]) => names.some((n) => codes.has(n) || kinds.has(n));
  if (has("ENOTFOUND", "EAI_AGAIN", "EAI_NONAME")) return `the host "${host}" does not resolve: correct the host name in DATABASE_URL`;
  if (has("ECONNREFUSED")) return `nothing accepts connections at ${host}:${port}: start PostgreSQL there, or correct the host and port in DATABASE_URL`;
  if (has("ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "P1002", "SocketTimeout"))
    return `${host}:${port} does not answer: check that PostgreSQL runs there and the network lets this machine reach it, or correct DATABASE_URL`;
  if (has("3D000", "P1003", "DatabaseDoesNotExist"))
    return `the database "${database}" does not exist on ${host}:${port}: create it (createdb ${database}) or name an existing one in DATABASE_URL`;
  if (has("28P01", "P1000", "AuthenticationFailed")) return `PostgreSQL refused the password of user "${user}": correct the user and password in DATABASE_URL`;
  if (has("28000", "P1010", "DatabaseAccessDenied"))
    return `PostgreSQL does not let user "${user}" in (no such role, or pg_hba.conf refuses it): correct the user in DATABASE_URL`;
  if (has("P1011", "TlsConnectionError") || [...codes].some((c) => /CERT|SSL|TLS/.test(c)))
    return `the TLS connection to ${host}:${port} failed: check the sslmode in DATABASE_URL and the server's certificate`;
  if (has("P1001", "DatabaseNotReachable")) return `${host}:${port} cannot be reached: check that PostgreSQL runs there, or correct DATABASE_URL`;
  if (has("ECONNRESET", "P1017", "ConnectionClosed"))
    return `${host}:${port} closed the connection: check that it is a PostgreSQL server and DATABASE_URL's port`;
  return null;
}

function sqliteProblem(codes: Set<string>, syscalls: Set<string>): string | null {
  const has = (...names: string[]) => names.some((n) => codes.has(n));
  if (has("SQLITE_NOTADB", "SQLITE_CORRUPT")) return "the file is not a SQLite database: point DATABASE_URL at Hookboard's database file, or at a new path";
  if (has("SQLITE_CANTOPEN")) return "the file cannot be opened (a folder of that name, or no permission): point DATABASE_URL at a file Hookboard may write";
  if (has("SQLITE_READONLY", "SQLITE_PERM")) return "the file is read-only for Hookboard: give it write permission, or point DATABASE_URL elsewhere";
  if (syscalls.has("mkdir") && has("EEXIST", "ENOTDIR", "EACCES", "EPERM", "EROFS"))
    return "its folder cannot be created (a file is in the way, or no permission): point DATABASE_URL at a path in a writable folder";
  return null;
}

/**
 * One readable sentence naming DATABASE_URL when `error` means the database cannot be reached,
 * opened or used as Hookboard's (its tables are missing); null for any other error.
 */
export function describeDatabaseError(error: unknown, databaseUrl: string): string | null {
  const links = chain(error);
  const codes = new Set(links.map((l) => l.code).filter((c): c is string => typeof c === "string"));
  const kinds = new Set(links.map(adapterKind).filter((k): k is string => k !== null));
  const syscalls = new Set(links.map((l) => l.syscall).filter((s): s is string => typeof s === "string"));
  const engine = providerOf(databaseUrl) === "postgresql" ? "PostgreSQL" : "SQLite";
  const where = describeDatabaseUrl(databaseUrl);

  if (codes.has("P2021") || kinds.has("TableDoesNotExist") || codes.has("42P01")) {
    return `The ${engine} database DATABASE_URL names (${where}) has no Hookboard tables: start Hookboard on it once (npm start applies the migrations), or correct DATABASE_URL.`;
  }
  const problem = engine === "PostgreSQL" ? postgresProblem(codes, kinds, databaseUrl) : sqliteProblem(codes, syscalls);
  return problem ? `Hookboard cannot use its ${engine} database (DATABASE_URL: ${where}): ${problem}.` : null;
}
