// The board view: follows monday's theme and context, and shows the board's webhooks and the
// account's state once monday has said where it runs.
import { AttentionBox, Box, ThemeProvider } from "@vibe/core";
import { BoardView } from "./BoardView.tsx";
import { api } from "./first-loads.ts";
import { PageSkeleton } from "./PageSkeleton.tsx";
import { useMondayContext } from "./use-monday-context.ts";

export function App() {
  const host = useMondayContext();
  const theme = host.state === "ready" ? host.context.theme : "light";
  return (
    <ThemeProvider systemTheme={theme}>
      <main>
        {host.state === "ready" ? (
          <BoardView context={host.context} api={api} />
        ) : host.state === "waiting" ? (
          <PageSkeleton />
        ) : (
          <Box padding="large">
            <AttentionBox
              type="warning"
              title="This view runs inside monday"
              text="monday did not answer. Open Hookboard from a board view in monday, or run `npm run dev` and open the stand-in monday it prints."
              data-testid="no-host"
            />
          </Box>
        )}
      </main>
    </ThemeProvider>
  );
}
