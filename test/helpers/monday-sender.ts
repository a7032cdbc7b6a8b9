// A sender that behaves like monday: it retries each delivery until it gets a 2xx, whatever
// happens to the server in between (refused connections, resets, 5xx).
export interface Delivery {
  key: string;
  send: () => Promise<Response>;
}

export interface SendReport {
  acknowledged: Set<string>;
  attempts: number;
  failures: number;
}

export async function sendLikeMonday(
  deliveries: Delivery[],
  options: { concurrency: number; retryDelayMs?: number; giveUpAfterMs?: number },
): Promise<SendReport> {
  const report: SendReport = { acknowledged: new Set(), attempts: 0, failures: 0 };
  const retryDelay = options.retryDelayMs ?? 50;
  const giveUpAt = Date.now() + (options.giveUpAfterMs ?? 120_000);
  let next = 0;
  const lane = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++]!;
      for (;;) {
        report.attempts++;
        try {
          const res = await d.send();
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300) {
            report.acknowledged.add(d.key);
            break;
          }
          if (res.status < 500 && res.status !== 429) throw new Error(`delivery ${d.key} was refused with ${res.status}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith("delivery ")) throw error;
        }
        report.failures++;
        if (Date.now() > giveUpAt) throw new Error(`gave up on delivery ${d.key}`);
        await new Promise((r) => setTimeout(r, retryDelay));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return report;
}
