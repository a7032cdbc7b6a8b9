// The 21 board events a webhook can subscribe to, and the `config` the three that take one accept.
import { z } from "zod";

export const BOARD_WEBHOOK_EVENTS = [
  "change_column_value",
  "change_status_column_value",
  "change_subitem_column_value",
  "change_specific_column_value",
  "change_name",
  "create_item",
  "item_archived",
  "item_deleted",
  "item_moved_to_any_group",
  "item_moved_to_specific_group",
  "item_restored",
  "create_subitem",
  "change_subitem_name",
  "move_subitem",
  "subitem_archived",
  "subitem_deleted",
  "create_column",
  "create_update",
  "edit_update",
  "delete_update",
  "create_subitem_update",
] as const;

export type BoardWebhookEvent = (typeof BOARD_WEBHOOK_EVENTS)[number];

const columnId = z.string().trim().min(1).max(100);

/** The events that take `config`, with its shape; every other event takes none. */
export const CONFIG_SHAPES = {
  change_specific_column_value: z.object({ columnId }).strict(),
  change_status_column_value: z
    .object({
      columnId,
      columnValue: z.union([z.object({ index: z.number().int().nonnegative() }).strict(), z.object({ $any$: z.literal(true) }).strict()]),
    })
    .strict(),
  item_moved_to_specific_group: z.object({ groupId: z.string().trim().min(1).max(100) }).strict(),
} as const;

export type WebhookConfig = Record<string, unknown>;

function takesConfig(event: BoardWebhookEvent): event is keyof typeof CONFIG_SHAPES {
  return event in CONFIG_SHAPES;
}

export const createWebhookBody = z
  .object({
    event: z.enum(BOARD_WEBHOOK_EVENTS, { error: () => `event must be one of ${BOARD_WEBHOOK_EVENTS.join(", ")}` }),
    config: z.record(z.string(), z.unknown()).nullish(),
    /** `manual`: a URL to paste into the board's Webhooks recipe; monday is not called */
    mode: z.literal("manual", { error: () => 'mode must be "manual" (or left out)' }).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!takesConfig(body.event)) {
      if (body.config)
        ctx.addIssue({ code: "custom", path: ["config"], message: `${body.event} takes no config (only ${Object.keys(CONFIG_SHAPES).join(", ")} do)` });
      return;
    }
    if (!body.config) {
      ctx.addIssue({ code: "custom", path: ["config"], message: `${body.event} needs a config` });
      return;
    }
    const shape = CONFIG_SHAPES[body.event].safeParse(body.config);
    if (!shape.success) {
      const issue = shape.error.issues[0];
      ctx.addIssue({ code: "custom", path: ["config", ...(issue?.path ?? []).map(String)], message: issue?.message ?? "config does not fit the event" });
    }
  });

export type CreateWebhookBody = z.infer<typeof createWebhookBody>;
