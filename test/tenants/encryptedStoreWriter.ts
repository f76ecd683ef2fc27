// Child process for the encrypted store's multi-process tests.
//
//   encryptedStoreWriter <path> <base64 key> <tenantId> <count>
//     creates `count` credentials for one tenant, racing sibling processes; prints "done".
//   encryptedStoreWriter ops <path> <base64 key> <tenantId> <prefix> <count> <seed> [<pauseMs>]
//     runs `count` operations (0: until stdin closes or the process is killed), each followed
//     by a random pause of up to `pauseMs` (default 0), over ten ids
//     `<prefix>-c0..9` of one tenant: create when absent, else rotate or delete. Each operation
//     prints "B <seq> <op> <credentialId> <n>" before it starts and "A <seq>" once the store has
//     acknowledged it; an unexpected outcome prints "E <seq> <code>" and exits 1. Keys of `n`
//     come from `keysFor(tenantId, n)` in encryptedStore/writerProtocol.ts.
import { encryptedFileCredentialStore } from "../../src/tenants/encryptedFileCredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";
import { keysFor, random } from "./encryptedStore/writerProtocol.js";

const args = process.argv.slice(2);

async function createMany(path: string, key: string, tenantId: string, count: number) {
  const store = encryptedFileCredentialStore({ path, key });
  for (let i = 0; i < count; i += 1) {
    await store.create(
      new StoredCredential({
        tenantId,
        credentialId: `cred-${i}`,
        awsAccessKeyId: `AKIA${String(i).padStart(16, "0")}`,
        awsSecretAccessKey: `${tenantId}-${i}`.padEnd(40, "x"),
        createdAt: new Date(),
      }),
    );
  }
  process.stdout.write("done\n");
}

async function runOps(argv: string[]) {
  const [path, key, tenantId, prefix, countText, seedText, pauseText = "0"] = argv as [
    string,
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  const pauseMs = Number(pauseText);
  const store = encryptedFileCredentialStore({ path, key });
  const next = random(Number(seedText));
  const count = Number(countText);
  const present = new Set<string>();
  let stopping = false;
  if (count === 0) process.stdin.on("end", () => (stopping = true)).resume();
  for (let seq = 1; count === 0 || seq <= count; seq += 1) {
    if (stopping) break;
    const credentialId = `${prefix}-c${Math.floor(next() * 10)}`;
    const n = seq;
    const op = !present.has(credentialId) ? "create" : next() < 0.6 ? "rotate" : "delete";
    process.stdout.write(`B ${seq} ${op} ${credentialId} ${n}\n`);
    try {
      if (op === "create") {
        const createdAt = new Date();
        await store.create(
          new StoredCredential({ tenantId, credentialId, ...keysFor(tenantId, n), createdAt }),
        );
        present.add(credentialId);
      } else if (op === "rotate") {
        await store.rotate(tenantId, credentialId, keysFor(tenantId, n), new Date());
      } else {
        if (!(await store.delete(tenantId, credentialId))) throw new Error("delete found nothing");
        present.delete(credentialId);
      }
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).message;
      process.stdout.write(`E ${seq} ${code}\n`);
      process.exit(1);
    }
    process.stdout.write(`A ${seq}\n`);
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, next() * pauseMs));
  }
  process.stdout.write("done\n");
  process.exit(0);
}

if (args[0] === "ops" && (args.length === 7 || args.length === 8)) {
  await runOps(args.slice(1));
} else if (args.length === 4) {
  const [path, key, tenantId, countText] = args as [string, string, string, string];
  await createMany(path, key, tenantId, Number(countText));
} else {
  process.stderr.write(
    "usage: encryptedStoreWriter <path> <key> <tenantId> <count>\n" +
      "       encryptedStoreWriter ops <path> <key> <tenantId> <prefix> <count> <seed> [<pauseMs>]\n",
  );
  process.exit(2);
}
