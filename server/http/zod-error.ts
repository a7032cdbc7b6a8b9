// A short, client-safe description of why a body did not validate.
import type { ZodError } from "zod";

export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Request body is not valid";
  const path = issue.path.length ? issue.path.join(".") : "body";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `${path}: ${issue.message}${more}`;
}
