// One delivery opened: what arrived (the payload, long strings folded), each attempt with its time
// and error, its timeline from received to applied, and, for an admin, retrying it once it is dead.
import { AttentionBox, Button, Flex, Heading, Label, Modal, ModalBasicLayout, ModalContent, ModalHeader, Skeleton, Text } from "@vibe/core";
import { useCallback, useEffect, useState } from "react";
import type { HookboardApi } from "../api/client.ts";
import type { DeliveryDetail } from "../api/types.ts";
import { deliveryStatusLabel, deliveryTypeText } from "../deliveries/delivery-words.ts";
import { ErrorBox } from "../ui/ErrorBox.tsx";
import { formatDateTime } from "../ui/format.ts";
import { hasLongStrings, payloadText } from "./payload-text.ts";
import styles from "./DeliveryDetailDialog.module.css";

interface Props {
  deliveryId: string | null;
  api: HookboardApi;
  /** account admins may retry a dead delivery */
  canRetry: boolean;
  onClose: () => void;
  /** a retry changed the delivery: the list shows it again */
  onChanged: () => void;
}

const TIMELINE_WORDS: Record<DeliveryDetail["timeline"][number]["event"], string> = {
  received: "Received from monday",
  failed: "Attempt failed",
  dead: "Last attempt failed: given up",
  applied: "Applied",
};

const POLL_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default function DeliveryDetailDialog({ deliveryId, api, canRetry, onClose, onChanged }: Props) {
  const [detail, setDetail] = useState<DeliveryDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [unfolded, setUnfolded] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const [retried, setRetried] = useState<DeliveryDetail | null>(null);

  const load = useCallback(async () => {
    if (!deliveryId) return;
    setError(null);
    try {
      setDetail(await api.delivery(deliveryId));
    } catch (e) {
      setError(e);
    }
  }, [api, deliveryId]);

  useEffect(() => {
    setDetail(null);
    setRetried(null);
    setUnfolded(false);
    void load();
  }, [load]);

  const retry = async () => {
    if (!deliveryId) return;
    setRetrying(true);
    setError(null);
    try {
      await api.retryDelivery(deliveryId);
      onChanged();
      // the worker applies it: watch until it has an outcome
      for (let i = 0; i < 60; i++) {
        await sleep(POLL_MS);
        const now = await api.delivery(deliveryId);
        setDetail(now);
        if (now.status === "done" || now.status === "dead" || now.status === "retrying") {
          setRetried(now);
          break;
        }
      }
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setRetrying(false);
    }
  };

  const status = detail ? deliveryStatusLabel(detail.status) : null;
  return (
    <Modal id="delivery-detail" show={deliveryId !== null} onClose={onClose} size="large" closeButtonAriaLabel="Close" data-testid="delivery-detail">
      <ModalBasicLayout>
        <ModalHeader
          title={detail ? deliveryTypeText(detail.type) : "Delivery"}
          description={detail ? `Received ${formatDateTime(detail.receivedAt)} · delivery ${detail.id}` : "Loading the delivery…"}
        />
        <ModalContent>
          <Flex direction="column" align="stretch" gap="medium">
            {error !== null && <ErrorBox error={error} doing="load this delivery" onRetry={() => void load()} />}
            {!detail && error === null && <Skeleton type="rectangle" fullWidth height={160} />}
            {detail && status && (
              <>
                <Flex gap="small" align="center">
                  <Label text={status.text} color={status.color} />
                  {detail.error && (
                    <Text type="text2" color="secondary" data-testid="delivery-detail-error">
                      {detail.error}
                    </Text>
                  )}
                </Flex>
                {retried && (
                  <AttentionBox
                    type={retried.status === "done" ? "positive" : "negative"}
                    text={
                      retried.status === "done" ? "Retried: the delivery was applied." : `Retried, and it failed again: ${retried.error ?? "no error recorded"}`
                    }
                    data-testid="retry-outcome"
                  />
                )}
                {detail.status === "dead" && canRetry && (
                  <Flex>
                    <Button kind="primary" size="small" loading={retrying} onClick={() => void retry()} data-testid="retry-delivery">
                      Retry this delivery
                    </Button>
                  </Flex>
                )}
                {detail.status === "dead" && !canRetry && (
                  <Text type="text2" color="secondary">
                    An account admin can retry it once its cause is fixed.
                  </Text>
                )}

                <section aria-labelledby="delivery-timeline-heading">
                  <Heading type="h3" id="delivery-timeline-heading">
                    Timeline
                  </Heading>
                  <ol className={styles.timeline} data-testid="delivery-timeline">
                    {detail.timeline.map((t, i) => (
                      <li key={`${t.event}-${i}`}>
                        <Text element="span" type="text2" weight="bold">
                          {TIMELINE_WORDS[t.event]}
                        </Text>{" "}
                        <Text element="span" type="text2" color="secondary">
                          {formatDateTime(t.at)}
                        </Text>
                      </li>
                    ))}
                    {(detail.status === "pending" || detail.status === "retrying") && (
                      <li>
                        <Text element="span" type="text2" color="secondary">
                          {detail.nextAttemptAt ? `Next attempt ${formatDateTime(detail.nextAttemptAt)}` : "Waiting for the worker"}
                        </Text>
                      </li>
                    )}
                  </ol>
                </section>

                <section aria-labelledby="delivery-attempts-heading">
                  <Heading type="h3" id="delivery-attempts-heading">
                    Attempts
                  </Heading>
                  {detail.attempts.length === 0 ? (
                    <Text type="text2" color="secondary">
                      Not attempted yet.
                    </Text>
                  ) : (
                    <ol className={styles.attempts} data-testid="delivery-attempts">
                      {detail.attempts.map((a) => (
                        <li key={a.number} data-testid={`attempt-${a.number}`}>
                          <Text element="span" type="text2" weight="bold">
                            Attempt {a.number}: {a.outcome === "applied" ? "applied" : "failed"}
                          </Text>{" "}
                          <Text element="span" type="text2" color="secondary">
                            {formatDateTime(a.at)}
                          </Text>
                          {a.error && <pre className={styles.error}>{a.error}</pre>}
                        </li>
                      ))}
                    </ol>
                  )}
                </section>

                <section aria-labelledby="delivery-payload-heading">
                  <Flex justify="space-between" align="center">
                    <Heading type="h3" id="delivery-payload-heading">
                      Payload
                    </Heading>
                    {hasLongStrings(detail.payload) && (
                      <Button kind="tertiary" size="small" onClick={() => setUnfolded((u) => !u)} data-testid="unfold-payload">
                        {unfolded ? "Fold long values" : "Show long values in full"}
                      </Button>
                    )}
                  </Flex>
                  {/* focusable so a keyboard user can scroll a long payload */}
                  <pre className={styles.payload} tabIndex={0} aria-labelledby="delivery-payload-heading" data-testid="delivery-payload">
                    {payloadText(detail.payload, !unfolded)}
                  </pre>
                </section>
              </>
            )}
          </Flex>
        </ModalContent>
      </ModalBasicLayout>
    </Modal>
  );
}
