import { isCredchainError } from "../core/CredchainError.js";
import type { Logger } from "../core/Logger.js";
import { TenantError } from "../core/TenantError.js";
import { safeCause } from "../internal/sdkError.js";
import type { TenantAuditAction, TenantAuditEvent, TenantMethod } from "./TenantResolver.js";
import { isValidTenantId } from "./tenantIds.js";

/** What an action learns about itself while it runs (for its audit event). */
export interface AuditScope {
  method?: TenantMethod;
  credentialId?: string;
}

const DENIED = new Set(["TENANT_INVALID_ID", "TENANT_INVALID_BODY", "TENANT_METHOD_NOT_ALLOWED"]);

/**
 * The resolver's audit trail: one event per action with its outcome (`success`, `denied`,
 * `error`) and error code; ids only, never key material. A failing hook is logged, never raised.
 */
export function createTenantAudit(
  hook: ((event: TenantAuditEvent) => void | Promise<void>) | undefined,
  logger: Logger | undefined,
  now: () => number,
) {
  const emit = (event: Omit<TenantAuditEvent, "at">): void => {
    if (hook === undefined) return;
    const full: TenantAuditEvent = { at: new Date(now()).toISOString(), ...event };
    const report = (error: unknown) =>
      logger?.error?.("tenant audit hook failed", {
        action: event.action,
        tenantId: event.tenantId,
        code: isCredchainError(error) ? error.code : undefined,
      });
    try {
      const result = hook(full);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };

  /** Runs one action and emits its event. An invalid tenant id is recorded as `null`. */
  const audited = async <T>(
    action: TenantAuditAction,
    rawTenantId: unknown,
    details: AuditScope,
    run: (scope: AuditScope) => Promise<T>,
  ): Promise<T> => {
    const tenantId = isValidTenantId(rawTenantId) ? rawTenantId : null;
    const scope: AuditScope = { ...details };
    // Only a valid credential id is recorded: an invalid one may be a pasted key.
    const checked = () => ({
      ...(scope.method === undefined ? {} : { method: scope.method }),
      ...(isValidTenantId(scope.credentialId) ? { credentialId: scope.credentialId } : {}),
    });
    try {
      const result = await run(scope);
      emit({ tenantId, action, ...checked(), outcome: "success" });
      return result;
    } catch (error) {
      const code = isCredchainError(error) ? error.code : "UNEXPECTED";
      emit({
        tenantId,
        action,
        ...checked(),
        outcome: DENIED.has(code) ? "denied" : "error",
        code,
      });
      logger?.debug?.(`tenant ${action} refused`, { tenantId, code });
      throw error;
    }
  };

  return { emit, audited };
}

/** `TENANT_STORE_CORRUPT`: a store returned another tenant's (or credential's) record. */
export function foreignRecord(storeName: string, tenantId: string): TenantError {
  return new TenantError(
    "TENANT_STORE_CORRUPT",
    `Credential store ${storeName} returned a record that does not belong to tenant ${tenantId}.`,
    {
      hint: "The store breaks the CredentialStore contract; fix it before serving tenants.",
      tenantId,
    },
  );
}

/** Wraps a store's own failure (not a credchain error) as `TENANT_STORE_FAILED`. */
export function rethrowAsStoreError(storeName: string, tenantId: string, operation: string) {
  return (error: unknown): never => {
    if (isCredchainError(error)) throw error;
    const name = error instanceof Error ? error.name : "error";
    throw new TenantError(
      "TENANT_STORE_FAILED",
      `Credential store ${storeName} failed to ${operation} (${name}).`,
      {
        hint: "Check the store's availability and permissions; see the cause.",
        cause: safeCause(error),
        tenantId,
      },
    );
  };
}
