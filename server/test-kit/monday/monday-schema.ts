// monday's published GraphQL schema for the API version Hookboard speaks, and the check every document
// sent to monday must pass: the stand-in monday refuses a document that does not validate, as monday
// does, and test/monday-api/graphql-documents.test.ts validates every document Hookboard sends.
//
// monday-schema-2026-10.graphql is monday's SDL, copied unchanged (do not format it) from the public
// repository github.com/mondaycom/mcp, file packages/agent-toolkit/src/monday-graphql/schema.graphql,
// commit fc03eb276c6a1561631fd24d3256ed7378453f33 (2026-06-29), whose API_VERSION beside it
// (src/utils/version.utils.ts) is '2026-10'; monday's agent toolkit fetches it from
// https://api.monday.com/v2/get_schema?format=sdl&version=2026-10. sha256:
// 0303956a648522d626f13bd7bdcc2f16b27fc3081110076ce2a90d0bc81da751. A new API version means a new
// copy from that file (and the constant in server/monday-api/api-version.ts).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, parse, validate, type GraphQLSchema } from "graphql";
import { MONDAY_API_VERSION } from "../../monday-api/api-version.ts";

/** The API version the schema file is monday's schema of. */
export const MONDAY_SCHEMA_VERSION = "2026-10";

export const MONDAY_SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), `monday-schema-${MONDAY_SCHEMA_VERSION}.graphql`);

let schema: GraphQLSchema | null = null;

/** monday's schema, built once per process (the SDL is ~380 KB). */
export function mondaySchema(): GraphQLSchema {
  if (MONDAY_SCHEMA_VERSION !== MONDAY_API_VERSION) {
    throw new Error(`the stored monday schema is for ${MONDAY_SCHEMA_VERSION}, Hookboard speaks ${MONDAY_API_VERSION}: store monday's schema for that version`);
  }
  schema ??= buildSchema(readFileSync(MONDAY_SCHEMA_FILE, "utf8"));
  return schema;
}

/** Why monday would refuse `document` (parse or validation errors, as monday words them), or [] when it is valid. */
export function schemaProblems(document: string): string[] {
  let parsed;
  try {
    parsed = parse(document);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  return validate(mondaySchema(), parsed).map((e) => e.message);
}
