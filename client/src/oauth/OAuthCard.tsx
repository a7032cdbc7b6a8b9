// Whether Hookboard holds an OAuth token for this account, and the button that gets one.
import { AttentionBox, Button, Label, Text } from "@vibe/core";
import { useCallback } from "react";
import type { Me } from "../api/types.ts";
import { Card, Fact } from "../ui/Card.tsx";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { useOAuthWindow } from "./use-oauth-window.ts";

interface Props {
  oauth: Me["oauth"];
  canWrite: boolean;
  /** a fresh sessionToken: /oauth/start binds the flow to the user who started it */
  freshToken: () => Promise<string>;
  onFlowEnded: () => void;
}

export function OAuthCard({ oauth, canWrite, freshToken, onFlowEnded }: Props) {
  const startUrl = useCallback(async () => {
    const url = new URL("/oauth/start", window.location.href);
    url.searchParams.set("sessionToken", await freshToken());
    return url.toString();
  }, [freshToken]);
  const { flow, start } = useOAuthWindow(startUrl, onFlowEnded);
  const reconnect = oauth.connected || oauth.needsReconnect === true;

  return (
    <Card title="monday connection" testId="oauth-card">
      {oauth.needsReconnect ? (
        <Label text="Reconnect needed" color="negative" data-testid="oauth-status" />
      ) : oauth.connected ? (
        <Label text="Connected" color="positive" data-testid="oauth-status" />
      ) : (
        <Label text="Not connected" color="american_gray" data-testid="oauth-status" />
      )}
      {oauth.connected && oauth.scopes.length > 0 && <Fact name="Scopes">{oauth.scopes.join(", ")}</Fact>}
      {!oauth.connected && (
        <Text type="text2" color="secondary" maxLines={4}>
          {oauth.needsReconnect
            ? "monday no longer accepts Hookboard's token. Reconnect so Hookboard can manage this board's webhooks again."
            : "Connect Hookboard to monday so it can create webhooks on this board."}
        </Text>
      )}
      {canWrite ? (
        <Button kind={oauth.connected ? "tertiary" : "primary"} size="small" loading={flow.state === "open"} onClick={start} data-testid="oauth-connect">
          {reconnect ? "Reconnect" : "Connect"}
        </Button>
      ) : (
        !oauth.connected && (
          <Text type="text2" color="secondary">
            Someone with edit rights on this board can connect Hookboard.
          </Text>
        )
      )}
      {flow.state === "blocked" && (
        <AttentionBox type="warning" compact text="The browser blocked the sign-in window. Allow pop-ups for monday and try again." />
      )}
      {flow.state === "failed" && <ErrorBox error={flow.error} doing="start connecting to monday" />}
    </Card>
  );
}
