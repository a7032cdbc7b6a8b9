// The board's webhooks: the table, kept fresh, and the dialogs that add and delete them.
import { Button, Flex, Heading, Text } from "@vibe/core";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import type { HookboardApi } from "../api/client.ts";
import type { BoardWebhook } from "../api/types.ts";
import type { BoardStructure } from "../board/board-structure.ts";
import { showNotice } from "../monday/sdk.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { eventLabel } from "./events.ts";
import type { Resource } from "../ui/use-resource.ts";
import { WebhooksTable } from "./WebhooksTable.tsx";

const loadCreateDialog = () => import("./CreateWebhookDialog.tsx");
const CreateWebhookDialog = lazy(loadCreateDialog);
const DeleteWebhookDialog = lazy(() => import("./DeleteWebhookDialog.tsx"));
const WebhookUrlDialog = lazy(() => import("./WebhookUrlDialog.tsx"));

// Vibe's Modal leaves in 150 ms, and only then gives the focus back to what opened it
const DIALOG_EXIT_MS = 150;

function emptyDescription(canWrite: boolean, connected: boolean | null): string {
  if (!canWrite) return "Someone with edit rights on this board can add one; its health will show here.";
  if (connected === false)
    return "Connect Hookboard to monday above, then add one: monday sends this board's events to Hookboard, which keeps every delivery and shows its health here.";
  return "Add one, and monday sends this board's events to Hookboard, which keeps every delivery and shows its health here.";
}

interface Props {
  boardId: string;
  api: HookboardApi;
  webhooks: Resource<BoardWebhook[]>;
  structure: BoardStructure | null;
  now: number;
  canWrite: boolean;
  /** account admins recreate webhooks and give hand-made ones a new URL */
  isAdmin: boolean;
  /** false when Hookboard holds no usable OAuth token: monday would refuse to create a webhook */
  connected: boolean | null;
  /** something changed that the deliveries list should show too */
  onChanged: () => void;
}

export function WebhooksSection({ boardId, api, webhooks, structure, now, canWrite, isAdmin, connected, onChanged }: Props) {
  const [creating, setCreating] = useState(false);
  const [manual, setManual] = useState(false);
  const [recreating, setRecreating] = useState<string | null>(null);
  const [urlOf, setUrlOf] = useState<BoardWebhook | null>(null);
  const [urlOpened, setUrlOpened] = useState(false);
  const [checking, setChecking] = useState(false);
  const [actionError, setActionError] = useState<{ error: unknown; doing: string } | null>(null);
  const [createOpened, setCreateOpened] = useState(false);
  const [deleting, setDeleting] = useState<BoardWebhook | null>(null);
  const [deleteOpened, setDeleteOpened] = useState(false);
  // the Delete button that opened the dialog goes with its row, so the dialog's focus return has
  // nowhere to go: once the row is gone, a keyboard user is put on Add webhook, not the page's top
  const addButton = useRef<HTMLButtonElement>(null);
  const [deletedId, setDeletedId] = useState<string | null>(null);
  const rowGone = deletedId !== null && webhooks.data !== null && !webhooks.data.some((w) => w.id === deletedId);
  useEffect(() => {
    if (!rowGone) return;
    const timer = setTimeout(() => {
      addButton.current?.focus();
      setDeletedId(null);
    }, DIALOG_EXIT_MS + 50);
    return () => clearTimeout(timer);
  }, [rowGone]);
  const changed = () => {
    void webhooks.reload();
    onChanged();
  };
  const openCreate = (byHand = false) => {
    setManual(byHand);
    setCreateOpened(true);
    setCreating(true);
  };
  // monday is asked only here (and in the background): listing reads Hookboard's records
  const checkWithMonday = async () => {
    setChecking(true);
    setActionError(null);
    try {
      await api.reconcileWebhooks(boardId);
      changed();
    } catch (error) {
      setActionError({ error, doing: "check this board's webhooks with monday" });
    } finally {
      setChecking(false);
    }
  };
  const recreate = async (w: BoardWebhook) => {
    setRecreating(w.id);
    setActionError(null);
    try {
      await api.recreateWebhook(boardId, w.id);
      showNotice(`Webhook recreated: ${eventLabel(w.event)}`, "success");
      changed();
    } catch (error) {
      setActionError({ error, doing: "recreate the webhook" });
    } finally {
      setRecreating(null);
    }
  };
  const canCreate = canWrite && connected !== false;

  return (
    <section aria-labelledby="webhooks-heading">
      <Flex direction="column" align="stretch" gap="medium">
        <Flex justify="space-between" align="center" gap="medium" wrap>
          <Flex direction="column" align="start">
            <Heading type="h2" id="webhooks-heading">
              Webhooks on this board
            </Heading>
            <Text type="text2" color="secondary">
              {canWrite && connected === false
                ? "Connect Hookboard to monday (above) before adding webhooks."
                : "The events monday sends from this board, and whether they arrive."}
            </Text>
          </Flex>
          <Flex gap="small" wrap>
            {connected !== false && (
              <Button kind="tertiary" onClick={() => void checkWithMonday()} loading={checking} data-testid="check-with-monday">
                Check with monday
              </Button>
            )}
            {canWrite && (
              <Button
                kind="secondary"
                onClick={() => openCreate(true)}
                onMouseDown={() => void loadCreateDialog()}
                disabled={!canCreate}
                data-testid="add-by-hand"
              >
                Add a webhook by hand
              </Button>
            )}
            {canWrite && (
              <Button ref={addButton} onClick={() => openCreate()} onMouseDown={() => void loadCreateDialog()} disabled={!canCreate} data-testid="add-webhook">
                Add webhook
              </Button>
            )}
          </Flex>
        </Flex>
        {webhooks.data && webhooks.error !== null && (
          <ErrorBox error={webhooks.error} doing="refresh this board's webhooks" onRetry={() => void webhooks.reload()} />
        )}
        {actionError && <ErrorBox error={actionError.error} doing={actionError.doing} />}
        <WebhooksTable
          webhooks={webhooks.data}
          error={webhooks.error}
          structure={structure}
          now={now}
          actions={canCreate}
          isAdmin={isAdmin}
          recreating={recreating}
          onRecreate={(w) => void recreate(w)}
          onShowUrl={(w) => {
            setUrlOpened(true);
            setUrlOf(w);
          }}
          emptyDescription={emptyDescription(canWrite, connected)}
          canConnect={canWrite}
          onRetry={() => void webhooks.reload()}
          onAdd={() => openCreate()}
          onDelete={(w) => {
            setDeleteOpened(true);
            setDeleting(w);
          }}
        />
      </Flex>
      <Suspense fallback={null}>
        {createOpened && (
          <CreateWebhookDialog
            show={creating}
            manual={manual}
            boardId={boardId}
            structure={structure}
            api={api}
            onClose={() => setCreating(false)}
            onCreated={changed}
          />
        )}
        {urlOpened && <WebhookUrlDialog webhook={urlOf} boardId={boardId} api={api} isAdmin={isAdmin} onClose={() => setUrlOf(null)} onChanged={changed} />}
        {deleteOpened && (
          <DeleteWebhookDialog
            webhook={deleting}
            boardId={boardId}
            api={api}
            onClose={() => setDeleting(null)}
            onDeleted={() => {
              setDeletedId(deleting?.id ?? null);
              changed();
            }}
          />
        )}
      </Suspense>
    </section>
  );
}
