// A hand-made webhook's URL, to copy again, with the Webhooks recipe's steps; an admin can give it a
// new URL here (the old one then answers 410). Loaded on demand with the other dialogs.
import { Modal, ModalBasicLayout, ModalContent, ModalFooter, ModalHeader } from "@vibe/core";
import { useRef, useState } from "react";
import type { HookboardApi } from "../api/client.ts";
import type { BoardWebhook } from "../api/types.ts";
import { showNotice } from "../monday/sdk.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { eventLabel } from "./events.ts";
import { ManualWebhookUrl } from "./ManualWebhookUrl.tsx";

interface Props {
  webhook: BoardWebhook | null;
  boardId: string;
  api: HookboardApi;
  isAdmin: boolean;
  onClose: () => void;
  onChanged: () => void;
}

export default function WebhookUrlDialog({ webhook, boardId, api, isAdmin, onClose, onChanged }: Props) {
  const [renewed, setRenewed] = useState<BoardWebhook | null>(null);
  const [renewing, setRenewing] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  // keeps showing the URL while the dialog animates away
  const shown = useRef(webhook);
  if (webhook) shown.current = webhook;
  const current = renewed ?? shown.current;
  const close = () => {
    setRenewed(null);
    setFailure(null);
    onClose();
  };
  const renew = async () => {
    if (!current) return;
    setRenewing(true);
    setFailure(null);
    try {
      const fresh = await api.recreateWebhook(boardId, current.id);
      setRenewed(fresh);
      showNotice("New URL issued: paste it into the Webhooks recipe; the old one no longer works", "success");
      onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setRenewing(false);
    }
  };
  return (
    <Modal id="webhook-url" show={webhook !== null} onClose={close} size="medium" closeButtonAriaLabel="Close" data-testid="webhook-url-dialog">
      <ModalBasicLayout>
        <ModalHeader title={`Webhook URL: ${current ? eventLabel(current.event) : ""}`} description="Made by hand in this board's Webhooks recipe." />
        <ModalContent>
          {current?.url ? <ManualWebhookUrl url={current.url} /> : <></>}
          {failure !== null ? <ErrorBox error={failure} doing="give the webhook a new URL" /> : <></>}
        </ModalContent>
      </ModalBasicLayout>
      {isAdmin ? (
        <ModalFooter
          primaryButton={{ text: "Done", onClick: close }}
          secondaryButton={{ text: "New URL", onClick: () => void renew(), loading: renewing, "data-testid": "new-url" }}
        />
      ) : (
        <ModalFooter primaryButton={{ text: "Done", onClick: close }} />
      )}
    </Modal>
  );
}
