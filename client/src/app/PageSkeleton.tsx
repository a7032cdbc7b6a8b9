// What the view shows while monday answers the first questions.
import { Box, Flex, Skeleton } from "@vibe/core";

export function PageSkeleton() {
  return (
    <Box padding="large" data-testid="page-skeleton">
      <Flex direction="column" align="stretch" gap="large">
        <Skeleton type="text" size="h1" width={240} />
        <Flex gap="medium">
          <Skeleton type="rectangle" width={300} height={120} />
          <Skeleton type="rectangle" width={300} height={120} />
          <Skeleton type="rectangle" width={300} height={120} />
        </Flex>
        <Skeleton type="rectangle" fullWidth height={200} />
      </Flex>
    </Box>
  );
}
