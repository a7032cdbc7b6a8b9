// A webhook made by hand: its URL with a copy button, the steps to paste it into the board's
// Webhooks recipe, and what protects it (only the URL: monday does not sign these deliveries).
import { AttentionBox, Button, Flex, Text, TextField } from "@vibe/core";
import { useState } from "react";
import { showNotice } from "../monday/sdk.ts";
import { copyText } from "./copy-text.ts";

export function ManualWebhookUrl({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const done = await copyText(url);
    setCopied(done);
    showNotice(done ? "Webhook URL copied" : "Could not copy: select the URL and copy it", done ? "success" : "error");
  };
  return (
    <Flex direction="column" align="stretch" gap="small" data-testid="manual-webhook-url">
      <Flex align="end" gap="small">
        <div style={{ flex: 1 }}>
          <TextField title="Webhook URL" value={url} readonly inputAriaLabel="Webhook URL" data-testid="manual-url" />
        </div>
        <Button kind="secondary" onClick={() => void copy()} data-testid="copy-url">
          {copied ? "Copied" : "Copy URL"}
        </Button>
      </Flex>
      <Text type="text2" element="div" ellipsis={false}>
        <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="recipe-steps">
          <li>On this board, open Automations (Automations Center) → Integrations → Webhooks.</li>
          <li>Choose the recipe for this event, &quot;When … send a webhook&quot;.</li>
          <li>Paste the URL above and save: monday checks it at once, and Hookboard answers.</li>
        </ol>
      </Text>
      <AttentionBox
        type="warning"
        text="This URL is the webhook's only protection. monday does not sign the events of webhooks made by hand, so anyone who has this URL can send events to it. Share it only with monday; an admin can give the webhook a new URL at any time."
      />
    </Flex>
  );
}
