package no.ranselpost.access.api;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.OWN_SOURCE;
import static no.ranselpost.access.api.Scope.SELF;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.access.api.Scope.UNIT_WIDE_READ;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.INTEGRATION;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.OWNER;
import static no.ranselpost.core.api.Role.SHARED_ACCOUNT;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.List;

/**
 * Every action of Ranselpost, declared here and only here, each with the rules that grant it
 * (ACCESS.md). An action with no rules denies everyone. The access bundle evaluates the rules;
 * nothing else decides access.
 */
public enum Action {

    /** The signed-in account and its roles. */
    ACCOUNT_SELF_READ(of(OWNER, SELF), of(SYSTEM_ADMIN, SELF), of(UNIT_ADMIN, SELF), of(LEADER, SELF), of(EMPLOYEE, SELF),
            of(SUBSTITUTE, SELF), of(SHARED_ACCOUNT, SELF), of(GUARDIAN, SELF), of(INTEGRATION, SELF)),
    /** Revoke the token of this request. */
    SIGN_OUT(of(OWNER, SELF), of(SYSTEM_ADMIN, SELF), of(UNIT_ADMIN, SELF), of(LEADER, SELF), of(EMPLOYEE, SELF),
            of(SUBSTITUTE, SELF), of(SHARED_ACCOUNT, SELF), of(GUARDIAN, SELF), of(INTEGRATION, SELF)),

    /** The kommune's units (no child data). */
    UNIT_LIST(of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, KOMMUNE), of(LEADER, KOMMUNE), of(EMPLOYEE, KOMMUNE),
            of(SUBSTITUTE, KOMMUNE), of(SHARED_ACCOUNT, KOMMUNE)),
    UNIT_READ(of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, KOMMUNE), of(LEADER, KOMMUNE), of(EMPLOYEE, KOMMUNE),
            of(SUBSTITUTE, KOMMUNE), of(SHARED_ACCOUNT, KOMMUNE)),
    /** The groups of a unit (no child data). */
    GROUP_LIST(of(OWNER, KOMMUNE), of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, UNIT), of(EMPLOYEE, UNIT),
            of(SUBSTITUTE, UNIT), of(SHARED_ACCOUNT, UNIT)),

    /** The children of a group, with the fields the reader may see. */
    GROUP_CHILDREN_READ(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(LEADER, UNIT_WIDE_READ),
            of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP), of(SHARED_ACCOUNT, GROUP)),
    /** One child with guardians, contact details, address and the protected flag, as far as the reader may see them. */
    CHILD_READ(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(LEADER, UNIT_WIDE_READ), of(EMPLOYEE, GROUP),
            of(SUBSTITUTE, GROUP), of(SHARED_ACCOUNT, GROUP), of(GUARDIAN, OWN_CHILD)),
    /** A guardian's own children. */
    OWN_CHILDREN_READ(of(GUARDIAN, SELF)),

    /** Activate (the guardian asked) or deactivate a guardian's account. */
    GUARDIAN_ACCOUNT_ACTIVATE(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
    GUARDIAN_ACCOUNT_DEACTIVATE(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
    /** The blocklist: only these two write it. */
    GUARDIAN_BLOCK(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
    GUARDIAN_UNBLOCK(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),

    /** Accounts for HR, admission and school systems, each bound to one source. */
    INTEGRATION_ACCOUNT_CREATE(of(SYSTEM_ADMIN, KOMMUNE)),

    /** Start a run of a registry source; see the sources, their state and run history; confirm a held run. */
    IMPORT_RUN(of(SYSTEM_ADMIN, KOMMUNE)),
    IMPORT_READ(of(SYSTEM_ADMIN, KOMMUNE)),
    IMPORT_CONFIRM(of(SYSTEM_ADMIN, KOMMUNE)),
    /** Upload a file (a full snapshot) to a file source: SYSTEM_ADMIN, or the source's own integration. */
    IMPORT_UPLOAD(of(SYSTEM_ADMIN, KOMMUNE), of(INTEGRATION, OWN_SOURCE)),

    /** Check the audit trail up to the latest seal; seal now. */
    AUDIT_VERIFY(of(SYSTEM_ADMIN, KOMMUNE)),
    AUDIT_SEAL(of(SYSTEM_ADMIN, KOMMUNE)),
    /** Who read or changed a child; what a principal did. */
    AUDIT_QUERY(of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT));

    private final List<Rule> rules;

    Action(Rule... rules) {
        this.rules = List.of(rules);
    }

    public List<Rule> rules() {
        return rules;
    }
}
