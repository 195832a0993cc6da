package no.ranselpost.audit.api;

import java.util.stream.Collectors;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Who acted, by internal id only: {@code account:<id>}, {@code system:<job>} or
 * {@code anonymous} ({@link AuditCodes#requirePrincipal}), and the role(s) they acted in (a code).
 */
public record Actor(String principal, String role) {

    public static final Actor ANONYMOUS = new Actor("anonymous", "NONE");

    public Actor {
        AuditCodes.requirePrincipal(principal);
        AuditCodes.require("role", role);
    }

    public static Actor of(AuthenticatedPrincipal p) {
        String roles = p.grants().stream().map(g -> g.role().name()).distinct().sorted().collect(Collectors.joining("+"));
        return new Actor("account:" + p.accountId(), roles.isEmpty() ? "NONE" : roles);
    }

    public static Actor systemJob(String job) {
        return new Actor("system:" + job, "SYSTEM_JOB");
    }

    public static Actor account(long accountId, String role) {
        return new Actor("account:" + accountId, role);
    }
}
