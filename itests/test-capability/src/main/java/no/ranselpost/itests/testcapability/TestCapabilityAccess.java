package no.ranselpost.itests.testcapability;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.UNIT;

import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.Condition;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.FieldSet;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.Role;
import no.ranselpost.persistence.api.Transactions;

/**
 * The test capability's access rules: a "note" belongs to the group of its id (the resolver
 * tells which unit that group is in); staff of the group read it; a sensitive note needs
 * idporten-loa-high; the leader's remark is for leaders only; a ping answers without credentials.
 */
@Component(service = AccessDeclaration.class)
public class TestCapabilityAccess implements AccessDeclaration {

    static final String KIND = "testcap.note";
    static final String READ = "testcap.note.read";
    static final String READ_SENSITIVE = "testcap.note.read-sensitive";
    static final String CHILD_READ_SENSITIVE = "testcap.child.read-sensitive";
    /** Attach a file to a group's note, replace or remove it (the group's own staff; SYSTEM_ADMIN reads but never attaches). */
    static final String ATTACH = "testcap.note.attach";
    static final String VIEW = "testcap.note";
    static final String TEXT = "text";
    static final String LEADER_REMARK = "leader-remark";

    private final Transactions tx;

    @Activate
    public TestCapabilityAccess(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public String capability() {
        return "testcap";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(READ, "Read a group's note", of(Role.SYSTEM_ADMIN, KOMMUNE), of(Role.UNIT_ADMIN, UNIT), of(Role.LEADER, GROUP),
                        of(Role.EMPLOYEE, GROUP), of(Role.SUBSTITUTE, GROUP)),
                Action.of(READ_SENSITIVE, "Read a group's sensitive note (a strong sign-in only)", of(Role.LEADER, GROUP, Condition.LOA_HIGH)),
                Action.of(CHILD_READ_SENSITIVE, "A guardian reads a sensitive note on their own child (idporten-loa-high only)",
                        of(Role.GUARDIAN, OWN_CHILD, Condition.LOA_HIGH)),
                Action.of(ATTACH, "Attach a file to a group's note, replace or remove it", of(Role.UNIT_ADMIN, UNIT), of(Role.LEADER, GROUP),
                        of(Role.EMPLOYEE, GROUP), of(Role.SUBSTITUTE, GROUP)));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(KIND, target -> tx.inTransaction(em -> {
            List<Long> unit = em.createQuery("select g.unit.id from GroupEntity g where g.id = :id", Long.class)
                    .setParameter("id", target.id()).getResultList();
            return unit.isEmpty() ? Facts.NONE : Facts.of(Set.copyOf(unit), Set.of(target.id()), Set.of());
        })));
    }

    @Override
    public List<FieldSet> fieldSets() {
        return List.of(FieldSet.of(VIEW,
                FieldSet.Field.of(TEXT, "The note", of(Role.SYSTEM_ADMIN, KOMMUNE), of(Role.UNIT_ADMIN, UNIT), of(Role.LEADER, GROUP),
                        of(Role.EMPLOYEE, GROUP), of(Role.SUBSTITUTE, GROUP)),
                FieldSet.Field.of(LEADER_REMARK, "The leader's remark: leaders of the group only", of(Role.LEADER, GROUP))));
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(AnonymousEndpoint.of("GET", "/api/v1/testcap/ping", "The test capability answers that it is there"));
    }
}
