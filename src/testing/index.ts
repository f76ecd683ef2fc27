// credchain/testing: helpers for unit-testing your own credential precedence. Loads no AWS SDK
// module and no test framework; works with vitest, Jest and node:test alike.
export { exampleCredentials, exampleKeys } from "./exampleCredentials.js";
export { envSnapshot, exampleEnv } from "./envSnapshot.js";
export type { EnvLayer, EnvSnapshot } from "./envSnapshot.js";
export { staticSource } from "./staticSource.js";
export type { SourceOffer, TestSource } from "./staticSource.js";
export { skippingSource } from "./skippingSource.js";
export { failingSource } from "./failingSource.js";
export { sequenceSource } from "./sequenceSource.js";
export type { SequenceStep } from "./sequenceSource.js";
export { expiringCredentials } from "./expiringCredentials.js";
export type { ExpiringCredentialsOptions } from "./expiringCredentials.js";
export { createFakeClock } from "./createFakeClock.js";
export type { FakeClock } from "./createFakeClock.js";
export { flushPromises } from "./flushPromises.js";
export { memoryLogger } from "./memoryLogger.js";
export type { LogEntry, MemoryLogger } from "./memoryLogger.js";
