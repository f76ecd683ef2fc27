// What the writer child (../encryptedStoreWriter.ts) and the tests share: the keys of operation
// `n`, a seeded PRNG, and the acknowledged-operations log that final states are checked against.
import type { CredentialKeys } from "../../../src/tenants/StoredCredential.js";

/** The keys operation `n` of `tenantId`'s writer stores: unique per (tenant, n). */
export function keysFor(tenantId: string, n: number): CredentialKeys {
  return {
    awsAccessKeyId: `AKIA${n.toString(36).toUpperCase().padStart(16, "0")}`,
    awsSecretAccessKey: `${tenantId}-op${n}`.padEnd(40, "x"),
  };
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A credential's state after an operation: absent, or holding the keys of operation `n`. */
export type CredentialState = { present: false } | { present: true; n: number };

interface Operation {
  op: "create" | "rotate" | "delete";
  credentialId: string;
  n: number;
  acknowledged: boolean;
}

/** One writer process's log, fed its stdout line by line. */
export class WriterLog {
  readonly operations = new Map<number, Operation>();
  readonly errors: string[] = [];
  done = false;

  constructor(readonly tenantId: string) {}

  line(text: string): void {
    const [kind, seq, op, credentialId, n] = text.split(" ");
    if (kind === "B") {
      this.operations.set(Number(seq), {
        op: op as Operation["op"],
        credentialId: credentialId!,
        n: Number(n),
        acknowledged: false,
      });
    } else if (kind === "A") {
      this.operations.get(Number(seq))!.acknowledged = true;
    } else if (kind === "done") {
      this.done = true;
    } else if (text !== "") {
      this.errors.push(text);
    }
  }

  get acknowledged(): number {
    return [...this.operations.values()].filter((o) => o.acknowledged).length;
  }

  get begun(): number {
    return this.operations.size;
  }

  /**
   * For every credential the writer touched, the states the store may hold: the state after its
   * last acknowledged operation, plus the state after a later operation that began but was never
   * acknowledged (the writer was killed during it, so it may or may not have committed).
   */
  allowedStates(): Map<string, CredentialState[]> {
    const allowed = new Map<string, CredentialState[]>();
    const after = (o: Operation): CredentialState =>
      o.op === "delete" ? { present: false } : { present: true, n: o.n };
    for (const [, o] of [...this.operations].sort(([a], [b]) => a - b)) {
      if (o.acknowledged) allowed.set(o.credentialId, [after(o)]);
      else
        allowed.set(o.credentialId, [
          ...(allowed.get(o.credentialId) ?? [{ present: false }]),
          after(o),
        ]);
    }
    return allowed;
  }
}
