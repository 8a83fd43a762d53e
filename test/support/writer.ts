// A client writing rows continuously through the VIP, as the application would during a
// procedure. It remembers which inserts the server confirmed (committed) and which ones it never
// heard back from (their outcome unknown), so a test can prove that no committed row was lost.
import pg from 'pg';
import { LAB, labSecrets } from './lab.js';

export class VipWriter {
  readonly committed: number[] = [];
  /** Sent, but the connection broke before the answer: committed or not, nobody can say. */
  readonly unknown: number[] = [];
  /** Refused by the server (a standby behind the VIP is read-only): certainly not committed. */
  readonly rejected: number[] = [];
  /** When each confirmed commit came back (ms), to measure how long writes were unavailable. */
  readonly commitTimes: number[] = [];
  errors = 0;
  private seq = 0;
  private running = false;
  private done: Promise<void> | null = null;
  readonly tag: string;

  constructor(name: string) {
    this.tag = `${name}-${process.pid}-${Date.now()}`;
  }

  start(): void {
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async loop(): Promise<void> {
    const { appPassword } = labSecrets();
    while (this.running) {
      const client = new pg.Client({
        host: LAB.ip.vip,
        user: 'app',
        password: appPassword,
        database: 'app',
        connectionTimeoutMillis: 1000,
        // A commit waiting for a synchronous standby that is gone would block forever.
        query_timeout: 5000,
      });
      client.on('error', () => {});
      try {
        await client.connect();
        while (this.running) {
          const n = ++this.seq;
          try {
            await client.query('insert into lab_rows (note) values ($1)', [`${this.tag}-${n}`]);
            this.committed.push(n);
            this.commitTimes.push(Date.now());
          } catch (e) {
            // SQLSTATE 25006: read-only transaction, refused before anything was written.
            if ((e as { code?: string }).code === '25006') this.rejected.push(n);
            else this.unknown.push(n);
            throw e;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      } catch {
        this.errors++;
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        // end() waits for the server's goodbye, which a node that lost power never sends.
        await Promise.race([client.end().catch(() => {}), new Promise((r) => setTimeout(r, 500))]);
      }
    }
  }

  /** The longest time without a confirmed commit (ms): how long writes were unavailable. */
  longestGapMs(): number {
    let gap = 0;
    for (let i = 1; i < this.commitTimes.length; i++) gap = Math.max(gap, this.commitTimes[i]! - this.commitTimes[i - 1]!);
    return gap;
  }

  /** The writer's sequence numbers present on a node (direct to its address, not the VIP). */
  async rowsOn(host: string): Promise<Set<number>> {
    const { appPassword } = labSecrets();
    const client = new pg.Client({ host, user: 'app', password: appPassword, database: 'app', connectionTimeoutMillis: 2000 });
    await client.connect();
    try {
      const r = await client.query<{ note: string }>('select note from lab_rows where note like $1', [`${this.tag}-%`]);
      return new Set(r.rows.map((x) => Number(x.note.slice(this.tag.length + 1))));
    } finally {
      await client.end();
    }
  }
}
