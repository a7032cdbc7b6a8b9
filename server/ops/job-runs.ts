// Periodic jobs that one process at a time runs (reconciling with monday's records): a lease row per
// job, taken with one conditional UPDATE (the same on SQLite and PostgreSQL), kept while the job
// works and released with the run's outcome, which /metrics reports.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "../db/client.ts";

export interface JobLease {
  holder: string;
  /** pushes the lease's end further out (a long run keeps it) */
  keep(): Promise<void>;
  /** ends the run, recording how it went */
  release(outcome: "ok" | "failed", detail: string): Promise<void>;
}

export interface LeaseOptions {
  ttlMs: number;
  /** take the lease only if the last run finished at least this long ago (a schedule shared by processes) */
  minIntervalMs?: number;
  now?: Date;
}

export class JobRuns {
  constructor(private readonly prisma: PrismaClient) {}

  /** The lease of `name`, or null when another process holds it (or, with minIntervalMs, ran it lately). */
  async take(name: string, options: LeaseOptions): Promise<JobLease | null> {
    const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
    const now = options.now ?? new Date();
    await this.prisma.$executeRaw`INSERT INTO job_runs (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING`;
    const due =
      options.minIntervalMs === undefined
        ? Prisma.empty
        : Prisma.sql`AND (last_finished_at IS NULL OR last_finished_at <= ${new Date(now.getTime() - options.minIntervalMs)})`;
    const taken = await this.prisma.$executeRaw`
      UPDATE job_runs SET lease_holder = ${holder}, lease_until = ${new Date(now.getTime() + options.ttlMs)}, last_started_at = ${now}
      WHERE name = ${name} AND (lease_until IS NULL OR lease_until < ${now}) ${due}`;
    if (taken !== 1) return null;
    const prisma = this.prisma;
    return {
      holder,
      async keep() {
        await prisma.jobRun.updateMany({ where: { name, leaseHolder: holder }, data: { leaseUntil: new Date(Date.now() + options.ttlMs) } });
      },
      async release(outcome, detail) {
        await prisma.jobRun.updateMany({
          where: { name, leaseHolder: holder },
          data: { leaseHolder: null, leaseUntil: null, lastFinishedAt: new Date(), lastOutcome: outcome, lastDetail: detail.slice(0, 500) },
        });
      },
    };
  }

  async last(name: string) {
    return this.prisma.jobRun.findUnique({ where: { name } });
  }
}
