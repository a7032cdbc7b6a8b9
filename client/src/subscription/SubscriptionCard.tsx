// The account's subscription to the app, as monday's lifecycle events last described it.
import { Label, Text } from "@vibe/core";
import type { Me } from "../api/types.ts";
import { Card, Fact } from "../ui/Card.tsx";
import { formatDay } from "../ui/format.ts";
import { billingPeriodText, renewalDateName, subscriptionLabel } from "./subscription-label.ts";

export function SubscriptionCard({ subscription, now }: { subscription: Me["subscription"]; now: number }) {
  const label = subscriptionLabel(subscription, now);
  return (
    <Card title="Subscription" testId="subscription-card">
      <Label text={label.text} color={label.color} data-testid="subscription-status" />
      {subscription.status === "none" && !subscription.planId ? (
        <Text type="text2" color="secondary" maxLines={4}>
          monday has not reported a subscription for this account. It does when the account starts a trial or subscribes to a plan.
        </Text>
      ) : (
        <>
          <Fact name="Plan" testId="subscription-plan">
            {subscription.planId ?? "Not known"}
          </Fact>
          <Fact name="Billing" testId="subscription-billing">
            {billingPeriodText(subscription.billingPeriod)}
          </Fact>
          {subscription.renewalDate && (
            <Fact name={renewalDateName(subscription.status)} testId="subscription-renewal">
              {formatDay(subscription.renewalDate)}
            </Fact>
          )}
        </>
      )}
    </Card>
  );
}
