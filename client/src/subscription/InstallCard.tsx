// Whether monday has told Hookboard that this account installed the app.
import { Label, Text } from "@vibe/core";
import type { Me } from "../api/types.ts";
import { Card, Fact } from "../ui/Card.tsx";
import { formatDay } from "../ui/format.ts";

export function InstallCard({ install }: { install: Me["install"] }) {
  return (
    <Card title="Install" testId="install-card">
      {install.status === "installed" ? (
        <>
          <Label text="Installed" color="positive" data-testid="install-status" />
          {install.installedAt && <Fact name="Since">{formatDay(install.installedAt)}</Fact>}
        </>
      ) : install.status === "uninstalled" ? (
        <>
          <Label text="Uninstalled" color="negative" data-testid="install-status" />
          {install.uninstalledAt && <Fact name="On">{formatDay(install.uninstalledAt)}</Fact>}
        </>
      ) : (
        <>
          <Label text="Not reported yet" color="american_gray" data-testid="install-status" />
          <Text type="text2" color="secondary" ellipsis={false}>
            No install event has reached Hookboard. In the Developer Center, set the app's webhook URL to {`${window.location.origin}/webhooks/lifecycle`}.
          </Text>
        </>
      )}
    </Card>
  );
}
