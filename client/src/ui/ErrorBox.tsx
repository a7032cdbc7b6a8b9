// A failure shown the way Vibe shows one: what went wrong, what to try, and a retry when it helps.
import { AttentionBox } from "@vibe/core";
import { explain } from "../api/api-error.ts";

export function ErrorBox({ error, doing, onRetry }: { error: unknown; doing: string; onRetry?: () => void }) {
  const { title, whatToTry } = explain(error, doing);
  return (
    <AttentionBox
      type="negative"
      title={title}
      text={whatToTry}
      data-testid="error-box"
      {...(onRetry ? { action: { text: "Try again", onClick: onRetry } } : {})}
    />
  );
}
