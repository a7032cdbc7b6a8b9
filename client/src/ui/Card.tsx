// A titled, bordered panel built from Vibe's Box and Heading.
import { Box, Flex, Heading, Text } from "@vibe/core";
import type { ReactNode } from "react";
import styles from "./Card.module.css";

export function Card({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Box border rounded="medium" padding="medium" data-testid={testId} backgroundColor="primaryBackgroundColor" className={styles.card}>
      <Flex direction="column" align="start" gap="small">
        <Heading type="h3" weight="medium">
          {title}
        </Heading>
        {children}
      </Flex>
    </Box>
  );
}

/** One labelled value inside a card. */
export function Fact({ name, children, testId }: { name: string; children: ReactNode; testId?: string }) {
  return (
    <Flex gap="small" align="start">
      <Text type="text2" color="secondary" element="span" ellipsis={false} className={styles.factName}>
        {name}
      </Text>
      <Text type="text2" element="span" ellipsis={false} data-testid={testId}>
        {children}
      </Text>
    </Flex>
  );
}
