// Asks before a webhook is deleted at monday and in Hookboard. Loaded on demand with the create dialog.
import { Modal, ModalBasicLayout, ModalContent, ModalFooter, ModalHeader, Text } from "@vibe/core";
import { useRef, useState } from "react";
import type { HookboardApi } from "../api/client.ts";
import type { BoardWebhook } from "../api/types.ts";
import { showNotice } from "../monday/sdk.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { eventLabel } from "./events.ts";

interface Props {
  webhook: BoardWebhook | null;
  boardId: string;
  api: HookboardApi;
  onClose: () => void;
  onDeleted: () => void;
}

export default function DeleteWebhookDialog({ webhook, boardId, api, onClose, onDeleted }: Props) {
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  // keeps naming the webhook while the dialog animates away
  const shown = useRef(webhook);
  if (webhook) shown.current = webhook;
  const close = () => {
    setFailure(null);
    onClose();
  };
  const confirm = async () => {
    if (!webhook) return;
    setDeleting(true);
    setFailure(null);
    try {
      await api.deleteWebhook(boardId, webhook.id);
      showNotice(`Webhook deleted: ${eventLabel(webhook.event)}`, "success");
      onDeleted();
      close();
    } catch (error) {
      setFailure(error);
    } finally {
      setDeleting(false);
    }
  };
  return (
    <Modal id="delete-webhook" show={webhook !== null} onClose={close} size="small" closeButtonAriaLabel="Close" data-testid="delete-webhook-dialog">
      <ModalBasicLayout>
        <ModalHeader title="Delete this webhook?" />
        <ModalContent>
          <Text type="text1" element="p" maxLines={6}>
            monday will stop sending “{shown.current ? eventLabel(shown.current.event) : ""}” events from this board to Hookboard. Deliveries already received
            stay in the log.
          </Text>
          {failure !== null ? <ErrorBox error={failure} doing="delete the webhook" /> : <></>}
        </ModalContent>
      </ModalBasicLayout>
      <ModalFooter
        primaryButton={{ text: "Delete webhook", color: "negative", onClick: () => void confirm(), loading: deleting, "data-testid": "delete-webhook-confirm" }}
        secondaryButton={{ text: "Keep it", onClick: close }}
      />
    </Modal>
  );
}
