// The deliveries' filters, by status and by event; loaded apart from the first page (Vibe's Dropdown).
import { Dropdown, Flex, type DropdownOption } from "@vibe/core";
import type { DeliveryFilter, DeliveryStatus } from "../api/types.ts";
import { EVENTS } from "../webhooks/events.ts";
import { deliveryStatusLabel } from "./delivery-words.ts";

const STATUS_OPTIONS: DropdownOption[] = (["dead", "retrying", "pending", "done"] as DeliveryStatus[]).map((s) => ({
  value: s,
  label: deliveryStatusLabel(s).text,
}));
const EVENT_OPTIONS: DropdownOption[] = EVENTS.map((e) => ({ value: e.event, label: e.label }));
const FILTER_A11Y = { searchable: true, clearable: true, inlineSelectedValue: true, clearAriaLabel: "Clear", size: "small" } as const;
// Vibe's Dropdown calls onChange with null when cleared, whatever its type says
type Picked = DropdownOption | null;

export default function DeliveryFilters({ filter, onFilter }: { filter: DeliveryFilter; onFilter: (filter: DeliveryFilter) => void }) {
  return (
    <Flex gap="medium" wrap align="end" data-testid="deliveries-filters">
      <div style={{ minWidth: 180 }}>
        <Dropdown
          {...FILTER_A11Y}
          label="Status"
          placeholder="Any status"
          options={STATUS_OPTIONS}
          onChange={(option: Picked) => onFilter({ ...filter, status: option ? (String(option.value) as DeliveryStatus) : null })}
          data-testid="filter-status"
        />
      </div>
      <div style={{ minWidth: 220 }}>
        <Dropdown
          {...FILTER_A11Y}
          label="Event"
          placeholder="Any event"
          options={EVENT_OPTIONS}
          onChange={(option: Picked) => onFilter({ ...filter, type: option ? String(option.value) : null })}
          data-testid="filter-event"
        />
      </div>
    </Flex>
  );
}
