// A memory store whose every method is a vitest spy, to prove what the resolver touched.
import { vi } from "vitest";
import type { CredentialStore } from "../../src/tenants/CredentialStore.js";
import { memoryCredentialStore } from "../../src/tenants/memoryCredentialStore.js";

export function spyStore(inner: CredentialStore = memoryCredentialStore()) {
  const store = {
    name: inner.name,
    create: vi.fn(inner.create.bind(inner)),
    get: vi.fn(inner.get.bind(inner)),
    rotate: vi.fn(inner.rotate.bind(inner)),
    list: vi.fn(inner.list.bind(inner)),
    delete: vi.fn(inner.delete.bind(inner)),
  } satisfies CredentialStore;
  const calls = () =>
    store.create.mock.calls.length +
    store.get.mock.calls.length +
    store.rotate.mock.calls.length +
    store.list.mock.calls.length +
    store.delete.mock.calls.length;
  return { store, calls };
}
