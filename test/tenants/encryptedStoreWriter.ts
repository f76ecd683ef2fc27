// Child process for the encrypted store's concurrency test: creates `count` credentials for one
// tenant in the store at `path`, racing with sibling processes doing the same.
import { encryptedFileCredentialStore } from "../../src/tenants/encryptedFileCredentialStore.js";
import { StoredCredential } from "../../src/tenants/StoredCredential.js";

const [path, key, tenantId, countText] = process.argv.slice(2);
if (path === undefined || key === undefined || tenantId === undefined || countText === undefined) {
  process.stderr.write("usage: encryptedStoreWriter <path> <base64 key> <tenantId> <count>\n");
  process.exit(2);
}
const store = encryptedFileCredentialStore({ path, key });
const count = Number(countText);
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
