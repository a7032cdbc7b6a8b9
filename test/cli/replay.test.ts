// The operations commands on a real database next to a running Hookboard: `deliveries --status
// dead` finds what the worker gave up on, and `replay` gets it applied once its cause is fixed,
// refusing what would be unsafe (a done delivery without --force, one a worker holds).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { deliveriesOf, reportOf, startCliRig, type CliRig } from "./simulation-rig.ts";

const kinds = await databaseKinds();

const FAILURE = "the app's handler is broken: column date4 is missing";

describe.each(kinds)("npx hookboard deliveries and replay on %s", (kind) => {
  let rig: CliRig;
  let broken = true;
  const applied: string[] = [];
  beforeAll(async () => {
    rig = await startCliRig(kind, {
      // one attempt: a failing delivery is dead at once
      worker: { maxAttempts: 1 },
      register: (handlers) =>
        handlers.on("board:*", async (event) => {
          if (broken) throw new Error(FAILURE);
          applied.push(event.deliveryId);
        }),
    });
  });
  afterAll(() => rig.stop());
  beforeEach(() => {
    broken = true;
  });

  const delivery = (id: string) => rig.hb.hookboard.db.prisma.delivery.findUniqueOrThrow({ where: { id } });
  const settled = (id: string, status: "dead" | "done") => eventually(async () => (await delivery(id)).status === status, 10_000, `delivery ${id} ${status}`);

  /** A board event the app's handler fails on, dead after its only attempt. */
  async function deadDelivery(accountId: string): Promise<string> {
    const report = reportOf(await rig.inProcess(["simulate", "create_item", "--account", accountId, "--json"]));
    const id = report.sent[0]!.answer!.deliveryId!;
    await settled(id, "dead");
    return id;
  }

  it("When a delivery fails on its last attempt, then `deliveries --status dead` lists it with its error and how to replay it, and other filters leave it out", async () => {
    const id = await deadDelivery("882001");
    const run = await rig.cli(["deliveries", "--status", "dead"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${id}  dead +1 attempt\\(s\\)  board/create_item  received \\S+  account 882001, board 3000001`));
    expect(run.stdout).toContain(`last error: ${FAILURE}`);
    expect(run.stdout).toContain("npx hookboard replay <deliveryId>");

    const json = await rig.inProcess(["deliveries", "--status", "dead", "--account", "882001", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id, status: "dead", source: "board", type: "create_item", attempts: 1, lastError: FAILURE }),
    ]);
    expect(JSON.parse((await rig.inProcess(["deliveries", "--status", "dead", "--source", "lifecycle", "--json"])).stdout)).toEqual([]);
    expect((await rig.inProcess(["deliveries", "--status", "dead", "--account", "882999"])).stdout).toBe("No dead deliveries of account 882999.\n");
  });

  it("When a dead delivery is replayed after its cause is fixed, then the worker applies it and it is done", async () => {
    const id = await deadDelivery("882002");
    broken = false;
    const run = await rig.cli(["replay", id]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`It was dead after 1 attempt(s) (last error: ${FAILURE}); it is pending again with a fresh budget of attempts.`);
    expect(run.stdout).toMatch(/Applied: done at \S+\./);

    expect(applied.filter((a) => a === id)).toHaveLength(1);
    expect(await delivery(id)).toMatchObject({ status: "done", attempts: 1, lastError: null });
    expect((await deliveriesOf(rig.hb, "882002")).map((d) => [d.id, d.status])).toEqual([[id, "done"]]);
  });

  it("When the cause is not fixed, then the replayed delivery fails again, is dead again, and replay says so with exit code 1", async () => {
    const id = await deadDelivery("882003");
    const run = await rig.inProcess(["replay", id]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`It failed again on its last attempt and is dead: ${FAILURE}`);
    expect(await delivery(id)).toMatchObject({ status: "dead", attempts: 1 });
  });

  it("When a done delivery is replayed without --force, then nothing changes and the answer explains when re-applying is safe; with --force it is applied again", async () => {
    broken = false;
    const report = reportOf(await rig.inProcess(["simulate", "create_item", "--account", "882004", "--json"]));
    const id = report.sent[0]!.answer!.deliveryId!;
    await settled(id, "done");
    const before = await delivery(id);

    const refused = await rig.inProcess(["replay", id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Delivery ${id} is done`);
    expect(refused.stderr).toContain("safe only for idempotent handlers");
    expect(refused.stderr).toContain(`npx hookboard replay ${id} --force`);
    expect(await delivery(id)).toEqual(before);

    const forced = await rig.inProcess(["replay", id, "--force"]);
    expect(forced.code).toBe(0);
    expect(applied.filter((a) => a === id)).toHaveLength(2);
    expect(await delivery(id)).toMatchObject({ status: "done", attempts: 1 });
  });

  it("When a worker holds the delivery, then replay leaves it to that worker", async () => {
    const id = await deadDelivery("882005");
    const held = { claimToken: "claim-of-another-worker", claimedBy: "host:123:abcd", claimExpiresAt: new Date(Date.now() + 60_000) };
    await rig.hb.hookboard.db.prisma.delivery.update({ where: { id }, data: held });
    const run = await rig.inProcess(["replay", id]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Delivery ${id} is being processed right now (by host:123:abcd)`);
    expect(await delivery(id)).toMatchObject({ status: "dead", attempts: 1, ...held });
  });

  it("When the delivery id is unknown or malformed, then replay says so and changes nothing", async () => {
    const unknown = await rig.inProcess(["replay", "00000000-0000-4000-8000-000000000000"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No delivery 00000000-0000-4000-8000-000000000000 in this database");
    const malformed = await rig.inProcess(["replay", "x; DROP TABLE deliveries"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('"x; DROP TABLE deliveries" is not a delivery id');
  });

  // last: it stops this server's worker
  it("When no worker runs on the database, then replay leaves the delivery pending with a fresh budget and says no worker applied it", async () => {
    const id = await deadDelivery("882006");
    await rig.hb.hookboard.worker.stop();
    const run = await rig.inProcess(["replay", id, "--wait", "1"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("No worker applied it within 1 s. It stays pending: is Hookboard running on this database with its worker");
    expect(await delivery(id)).toMatchObject({ status: "pending", attempts: 0, claimToken: null });
  });
});
