// Whether this user has a monday connection Hookboard can act with (their own, or an admin's the
// account's), and the button that makes one.
import { AttentionBox, Button, Label, Text } from "@vibe/core";
import type { Me } from "../api/types.ts";
import { Card, Fact } from "../ui/Card.tsx";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { useOAuthWindow } from "./use-oauth-window.ts";

interface Props {
  oauth: Me["oauth"];
  canWrite: boolean;
  /** the consent page's address, bound to the user who asks (POST /oauth/start) */
  startOAuth: () => Promise<string>;
  onFlowEnded: () => void;
}

export function OAuthCard({ oauth, canWrite, startOAuth, onFlowEnded }: Props) {
  const { flow, start } = useOAuthWindow(startOAuth, onFlowEnded);
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
            ? "monday no longer accepts your connection. Reconnect so Hookboard can manage this board's webhooks again."
            : "Connect your monday user: Hookboard manages this board's webhooks with your own rights in monday."}
        </Text>
      )}
      {canWrite ? (
        <Button kind={oauth.connected ? "tertiary" : "primary"} size="small" loading={flow.state === "open"} onClick={start} data-testid="oauth-connect">
          {reconnect ? "Reconnect" : "Connect"}
        </Button>
      ) : (
        !oauth.connected && (
          <Text type="text2" color="secondary">
            Viewers and guests cannot connect to monday, so the board&apos;s webhooks are shown to users who connected.
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
