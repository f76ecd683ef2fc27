import { memoryCredentialStore } from "../../src/tenants/memoryCredentialStore.js";
import { describeCredentialStoreContract } from "./credentialStoreContract.js";

describeCredentialStoreContract("memoryCredentialStore", async () => ({
  store: memoryCredentialStore(),
}));
