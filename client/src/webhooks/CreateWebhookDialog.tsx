// The dialog that creates a board webhook: the event in plain language, then only the config
// fields that event takes, checked before anything is sent. Loaded on demand (it is the only
// user of Vibe's Modal, Dropdown and TextField).
import { AttentionBox, Dropdown, Flex, Modal, ModalBasicLayout, ModalContent, ModalFooter, ModalHeader, TextField, type DropdownOption } from "@vibe/core";
import { useMemo, useState } from "react";
import type { HookboardApi } from "../api/client.ts";
import type { BoardStructure } from "../board/board-structure.ts";
import { showNotice } from "../monday/sdk.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { EVENTS, eventDefinition } from "./events.ts";
import { ManualWebhookUrl } from "./ManualWebhookUrl.tsx";
import { checkDraft, EMPTY_DRAFT, type DraftErrors, type WebhookDraft } from "./new-webhook.ts";

interface Props {
  show: boolean;
  /** by hand: Hookboard issues a URL to paste into the board's Webhooks recipe (monday is not called) */
  manual?: boolean;
  boardId: string;
  structure: BoardStructure | null;
  api: HookboardApi;
  onClose: () => void;
  onCreated: () => void;
}

const ANY_LABEL = "any";

// Every dropdown is searchable with the chosen value inside its input: Vibe otherwise lays the
// value over the field as a list item with aria-selected but no role (an ARIA error), and a screen
// reader reads the value as the field's own. Its clear button needs a name too.
const DROPDOWN_A11Y = { searchable: true, inlineSelectedValue: true, clearAriaLabel: "Clear" } as const;
const eventOptions: DropdownOption[] = EVENTS.map((e) => ({ value: e.event, label: e.label }));

// Vibe's Dropdown calls onChange with null when cleared, whatever its type says
type Picked = DropdownOption | null;
const valueOf = (option: Picked) => (option ? String(option.value) : "");

export default function CreateWebhookDialog({ show, manual = false, boardId, structure, api, onClose, onCreated }: Props) {
  const [draft, setDraft] = useState<WebhookDraft>(EMPTY_DRAFT);
  const [issuedUrl, setIssuedUrl] = useState<string | null>(null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const definition = draft.event ? eventDefinition(draft.event) : undefined;
  const fields = definition?.fields ?? [];

  const columnOptions = useMemo<DropdownOption[]>(() => (structure?.columns ?? []).map((c) => ({ value: c.id, label: c.title })), [structure]);
  const statusColumnOptions = useMemo<DropdownOption[]>(
    () => (structure?.columns ?? []).filter((c) => c.type === "status").map((c) => ({ value: c.id, label: c.title })),
    [structure],
  );
  const labelOptions = useMemo<DropdownOption[]>(() => {
    const column = structure?.columns.find((c) => c.id === draft.columnId);
    return [{ value: ANY_LABEL, label: "Any label" }, ...(column?.labels ?? []).map((l) => ({ value: String(l.index), label: l.label }))];
  }, [structure, draft.columnId]);
  const groupOptions = useMemo<DropdownOption[]>(() => (structure?.groups ?? []).map((g) => ({ value: g.id, label: g.title })), [structure]);

  const change = (patch: Partial<WebhookDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
  };

  const close = () => {
    setDraft(EMPTY_DRAFT);
    setErrors({});
    setFailure(null);
    setIssuedUrl(null);
    onClose();
  };

  const submit = async () => {
    const checked = checkDraft(draft, structure);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setSending(true);
    setFailure(null);
    try {
      const created = await api.createWebhook(boardId, manual ? { ...checked.webhook, mode: "manual" } : checked.webhook);
      onCreated();
      if (manual && created.url) {
        // the dialog stays open on the URL to copy
        setIssuedUrl(created.url);
        return;
      }
      showNotice(`Webhook created: ${definition?.label ?? checked.webhook.event}`, "success");
      close();
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };

  const idField = (name: "column" | "statusColumn" | "group", title: string, value: string, set: (v: string) => void, placeholder: string) => (
    <TextField
      title={title}
      placeholder={placeholder}
      value={value}
      onChange={set}
      validation={errors[name] ? { status: "error", text: errors[name] } : undefined}
      data-testid={`field-${name}`}
    />
  );

  return (
    <Modal id="create-webhook" show={show} onClose={close} size="medium" closeButtonAriaLabel="Close" data-testid="create-webhook-dialog">
      <ModalBasicLayout>
        <ModalHeader
          title={manual ? "Add a webhook by hand" : "Add a webhook"}
          description={
            manual
              ? "A URL to paste into this board's Webhooks recipe. Its events arrive unsigned."
              : "monday will send this board's events of this kind to Hookboard."
          }
        />
        <ModalContent>
          {issuedUrl ? (
            <ManualWebhookUrl url={issuedUrl} />
          ) : (
            <Flex direction="column" align="stretch" gap="medium">
              <Dropdown
                {...DROPDOWN_A11Y}
                label="When"
                placeholder="Choose an event"
                options={eventOptions}
                onChange={(option: Picked) => change({ ...EMPTY_DRAFT, event: valueOf(option) || null })}
                error={Boolean(errors.event)}
                helperText={errors.event}
                inputAriaLabel="Event"
                maxMenuHeight={260}
                data-testid="field-event"
              />
              {fields.length > 0 && !structure && (
                <AttentionBox type="neutral" compact text="monday did not tell Hookboard this board's columns and groups, so enter their ids." />
              )}
              {fields.includes("column") &&
                (structure ? (
                  <Dropdown
                    {...DROPDOWN_A11Y}
                    label="Column"
                    placeholder="Choose a column"
                    options={columnOptions}
                    onChange={(option: Picked) => change({ columnId: valueOf(option) })}
                    error={Boolean(errors.column)}
                    helperText={errors.column}
                    inputAriaLabel="Column"
                    data-testid="field-column"
                  />
                ) : (
                  idField("column", "Column id", draft.columnId, (v) => change({ columnId: v }), "for example status or date4")
                ))}
              {fields.includes("statusColumn") &&
                (structure ? (
                  <Dropdown
                    {...DROPDOWN_A11Y}
                    label="Status column"
                    placeholder="Any status column"
                    clearable
                    options={statusColumnOptions}
                    onChange={(option: Picked) => change({ columnId: valueOf(option), statusIndex: "" })}
                    onClear={() => change({ columnId: "", statusIndex: "" })}
                    error={Boolean(errors.statusColumn)}
                    helperText={errors.statusColumn}
                    inputAriaLabel="Status column"
                    data-testid="field-statusColumn"
                  />
                ) : (
                  idField("statusColumn", "Status column id (empty for any)", draft.columnId, (v) => change({ columnId: v }), "for example status")
                ))}
              {fields.includes("statusLabel") &&
                (structure ? (
                  <Dropdown
                    {...DROPDOWN_A11Y}
                    key={draft.columnId}
                    label="Set to"
                    placeholder="Any label"
                    options={labelOptions}
                    disabled={!draft.columnId}
                    onChange={(option: Picked) => change({ statusIndex: valueOf(option) === ANY_LABEL ? "" : valueOf(option) })}
                    error={Boolean(errors.statusLabel)}
                    helperText={errors.statusLabel}
                    inputAriaLabel="Status label"
                    data-testid="field-statusLabel"
                  />
                ) : (
                  <TextField
                    title="Status label index (empty for any)"
                    placeholder="for example 1"
                    value={draft.statusIndex}
                    onChange={(v) => change({ statusIndex: v })}
                    validation={errors.statusLabel ? { status: "error", text: errors.statusLabel } : undefined}
                    data-testid="field-statusLabel"
                  />
                ))}
              {fields.includes("group") &&
                (structure ? (
                  <Dropdown
                    {...DROPDOWN_A11Y}
                    label="Group"
                    placeholder="Choose a group"
                    options={groupOptions}
                    onChange={(option: Picked) => change({ groupId: valueOf(option) })}
                    error={Boolean(errors.group)}
                    helperText={errors.group}
                    inputAriaLabel="Group"
                    data-testid="field-group"
                  />
                ) : (
                  idField("group", "Group id", draft.groupId, (v) => change({ groupId: v }), "for example topics")
                ))}
              {failure !== null && <ErrorBox error={failure} doing="create the webhook" />}
            </Flex>
          )}
        </ModalContent>
      </ModalBasicLayout>
      {issuedUrl ? (
        <ModalFooter primaryButton={{ text: "Done", onClick: close, "data-testid": "manual-done" }} />
      ) : (
        <ModalFooter
          primaryButton={{
            text: manual ? "Get the URL" : "Create webhook",
            onClick: () => void submit(),
            loading: sending,
            "data-testid": "create-webhook-submit",
          }}
          secondaryButton={{ text: "Cancel", onClick: close }}
        />
      )}
    </Modal>
  );
}
