package no.ranselpost.audit.api;

import java.time.OffsetDateTime;
import java.util.List;

/** One audit record: UTC time, principal, role, action, object ids, outcome, reason. */
public record AuditRecord(long id, OffsetDateTime at, String principal, String role, String action, String objectType,
                          List<Long> objectIds, Outcome outcome, String reason, Long unitId) {
}
