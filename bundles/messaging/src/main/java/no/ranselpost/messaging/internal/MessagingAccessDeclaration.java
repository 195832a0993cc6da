package no.ranselpost.messaging.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.PARTICIPANT;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.Condition;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.FieldSet;
import no.ranselpost.access.api.FieldSet.Field;
import no.ranselpost.access.api.Rule;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.messaging.api.MessagingActions;
import no.ranselpost.messaging.api.ThreadKind;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.MessageSendEntity;
import no.ranselpost.persistence.entity.MessageThreadEntity;

/**
 * Messaging's rules (ACCESS.md, "messages: read, write, reply"): unit admins the unit's inboxes,
 * the group roles their groups' inboxes (or, where the kommune sets {@code groupInboxReaders =
 * UNIT_STAFF}, every inbox of their unit), SYSTEM_ADMIN metadata only, never text; guardians
 * their own child's threads they take part in, and write to the child's group or its staff. The
 * shared account has no rule: it never reads or writes messages.
 *
 * <p>A thread is asked about twice on every read: as {@code messaging.thread} (does the principal
 * take part: its inbox group, its unit, its participants) and as {@code
 * messaging.thread-relation} (does the relation that made them a participant still hold: the
 * guardian's current responsibility for the thread's child with access at its unit, or the staff
 * member's grant at its unit). So a guardian who loses responsibility loses the thread on the
 * next request, whatever the participant rows say.
 */
@Component(service = AccessDeclaration.class)
public class MessagingAccessDeclaration implements AccessDeclaration {

    static final String UNIT_STAFF_READ = "groupInboxReaders=UNIT_STAFF";
    /** An adult registered by the custodians' consent, where the kommune has other adults and grants them messages (ACCESS.md). */
    static final Rule OTHER_ADULT_MESSAGES = of(GUARDIAN, no.ranselpost.access.api.Scope.OTHER_ADULT, Condition.settingOn("otherAdults"),
            Condition.settingOn("otherAdultsMessages"));
    private static final Role[] GROUP_ROLES = {LEADER, EMPLOYEE, SUBSTITUTE};

    private final Transactions tx;

    @Activate
    public MessagingAccessDeclaration(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public String capability() {
        return "messaging";
    }

    /** The staff side of a thread: unit admins the unit's, group roles their groups' (or the unit's, by setting), and its staff participants. */
    private static List<Rule> staffSide() {
        List<Rule> rules = new ArrayList<>(List.of(of(UNIT_ADMIN, UNIT), of(UNIT_ADMIN, PARTICIPANT)));
        for (Role r : GROUP_ROLES) {
            rules.add(of(r, GROUP));
            rules.add(of(r, UNIT, Condition.settingOn(UNIT_STAFF_READ)));
            rules.add(of(r, PARTICIPANT));
        }
        return rules;
    }

    private static Rule[] rules(List<Rule> base, Rule... more) {
        List<Rule> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(Rule[]::new);
    }

    private static Rule[] staffIn(no.ranselpost.access.api.Scope groupScope, Rule... more) {
        List<Rule> all = new ArrayList<>(List.of(of(UNIT_ADMIN, UNIT)));
        for (Role r : GROUP_ROLES) {
            all.add(of(r, groupScope));
        }
        all.addAll(List.of(more));
        return all.toArray(Rule[]::new);
    }

    @Override
    public List<Action> actions() {
        Rule guardianParticipant = of(GUARDIAN, PARTICIPANT);
        List<Rule> side = staffSide();
        return List.of(
                Action.of(MessagingActions.SEND_MESSAGE, "Send a message or ask its preflight (what it may reach is decided by the write actions)",
                        staffIn(UNIT, of(GUARDIAN, OWN_CHILD))),
                Action.of(MessagingActions.WRITE_FAMILY, "Staff write to the families of chosen children (their current guardians with responsibility)",
                        staffIn(GROUP)),
                Action.of(MessagingActions.WRITE_GROUP, "Staff write to every family of a group", staffIn(GROUP)),
                Action.of(MessagingActions.WRITE_UNIT, "A unit admin writes to every family of the unit", of(UNIT_ADMIN, UNIT)),
                Action.of(MessagingActions.WRITE_STAFF, "Staff write to other staff of their unit", staffIn(UNIT)),
                Action.of(MessagingActions.WRITE_ABOUT_CHILD, "A guardian writes about their child to the staff of its group, or to one of them",
                        of(GUARDIAN, OWN_CHILD)),
                Action.of(MessagingActions.MARK, "Mark a message sensitive (one family, read at idporten-loa-high) or urgent", staffIn(UNIT)),
                Action.of(MessagingActions.THREAD_READ, "Read a thread: its participants, its inbox group's staff, the unit's admins; SYSTEM_ADMIN metadata only",
                        rules(side, guardianParticipant, of(SYSTEM_ADMIN, KOMMUNE))),
                Action.of(MessagingActions.THREAD_RELATION_HOLDS, "The relation that makes one a participant holds: guardians' responsibility for the"
                        + " thread's child with access at its unit, an other adult's registration for it (where the kommune grants messages),"
                        + " staff's grant at its unit", staffIn(UNIT, of(GUARDIAN, OWN_CHILD), OTHER_ADULT_MESSAGES, of(SYSTEM_ADMIN, KOMMUNE))),
                Action.of(MessagingActions.SENSITIVE_READ, "Read a message marked sensitive (guardians: signed in at idporten-loa-high)",
                        staffIn(UNIT, of(GUARDIAN, OWN_CHILD, Condition.LOA_HIGH))),
                Action.of(MessagingActions.REPLY, "Reply in a thread one takes part in (never an announcement)", rules(side, guardianParticipant)),
                Action.of(MessagingActions.INBOX_READ, "One's own inbox and its unread count", staffIn(UNIT, of(GUARDIAN, no.ranselpost.access.api.Scope.SELF),
                        of(SYSTEM_ADMIN, KOMMUNE))),
                Action.of(MessagingActions.GROUP_INBOX_READ, "A group's inbox", staffIn(GROUP, of(LEADER, UNIT, Condition.settingOn(UNIT_STAFF_READ)),
                        of(EMPLOYEE, UNIT, Condition.settingOn(UNIT_STAFF_READ)), of(SUBSTITUTE, UNIT, Condition.settingOn(UNIT_STAFF_READ)))),
                Action.of(MessagingActions.WITHDRAW, "Withdraw one's own message within the window", rules(side, guardianParticipant)),
                Action.of(MessagingActions.REDACT, "Redact a message with a reason code (its text removed, a placeholder left)",
                        of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(LEADER, PARTICIPANT), of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(MessagingActions.RECEIPTS_READ, "Which guardians of a message to many have read it", rules(side)),
                Action.of(MessagingActions.ATTACHMENT_UPLOAD, "Upload an attachment for a message", staffIn(UNIT, of(GUARDIAN, no.ranselpost.access.api.Scope.SELF))),
                Action.of(MessagingActions.OTHER_ADULT_RECEIVE, "An adult registered by the custodians' consent receives staff's messages to the"
                        + " child's family, never a group's or the unit's (where the kommune has other adults and grants them messages)", OTHER_ADULT_MESSAGES),
                Action.of(MessagingActions.ATTACHMENT_READ, "Download an attachment of a message one may read", rules(side, guardianParticipant)));
    }

    @Override
    public List<FieldSet> fieldSets() {
        List<Rule> readers = new ArrayList<>(staffSide());
        readers.add(of(GUARDIAN, PARTICIPANT));
        return List.of(FieldSet.of(MessagingActions.MESSAGE_VIEW,
                Field.of(MessagingActions.FIELD_TEXT, "A message's text (never SYSTEM_ADMIN's: metadata only)", readers.toArray(Rule[]::new))));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(MessagingActions.THREAD, t -> participation(t.id())),
                new TargetKind(MessagingActions.THREAD_RELATION, t -> relation(t.id())),
                new TargetKind(MessagingActions.SEND, t -> send(t.id())));
    }

    /** Who takes part: family threads belong to their unit (and inbox group); a thread among staff only to its participants. */
    Facts participation(long threadId) {
        return tx.inTransaction(em -> {
            MessageThreadEntity t = em.find(MessageThreadEntity.class, threadId);
            if (t == null) {
                return Facts.NONE;
            }
            boolean staffOnly = ThreadKind.STAFF.name().equals(t.getKind());
            Set<Long> units = staffOnly ? Set.of() : Set.of(t.getUnitId());
            Set<Long> groups = staffOnly || t.getGroupId() == null ? Set.of() : Set.of(t.getGroupId());
            Set<Long> accounts = new HashSet<>(em.createQuery("select p.accountId from ThreadParticipantEntity p where p.threadId = :t"
                    + " and p.accountId is not null", Long.class).setParameter("t", threadId).getResultList());
            accounts.addAll(em.createQuery("select a.id from ThreadParticipantEntity p, StaffAccountEntity a where p.threadId = :t"
                    + " and p.personId is not null and a.person.id = p.personId and a.kind = :guardian", Long.class)
                    .setParameter("t", threadId).setParameter("guardian", AccountKind.GUARDIAN).getResultList());
            if (ThreadKind.CONVERSATION.name().equals(t.getKind()) && t.getPrivateFor() == null && t.getChildId() != null) {
                // a conversation is its child's: every guardian with responsibility takes part, but for those with address
                // protection, who have conversations of their own
                accounts.addAll(em.createQuery("select a.id from GuardianshipEntity gs, StaffAccountEntity a where gs.child.id = :c"
                                + " and gs.current = true and gs.responsibility <> :unknown and gs.guardian.addressProtection = :none"
                                + " and a.person = gs.guardian and a.kind = :guardian", Long.class)
                        .setParameter("c", t.getChildId()).setParameter("unknown", ParentalResponsibility.UKJENT)
                        .setParameter("none", AddressProtection.NONE).setParameter("guardian", AccountKind.GUARDIAN).getResultList());
            }
            return new Facts(units, groups, Set.of(), accounts, null);
        });
    }

    /** What the participation rests on: the thread's child and unit. */
    Facts relation(long threadId) {
        return tx.inTransaction(em -> {
            MessageThreadEntity t = em.find(MessageThreadEntity.class, threadId);
            if (t == null) {
                return Facts.NONE;
            }
            return Facts.of(Set.of(t.getUnitId()), t.getGroupId() == null ? Set.of() : Set.of(t.getGroupId()),
                    t.getChildId() == null ? Set.of() : Set.of(t.getChildId()));
        });
    }

    /** A send belongs to its unit, to the inbox groups of its threads, and to its sender. */
    Facts send(long sendId) {
        return tx.inTransaction(em -> {
            MessageSendEntity s = em.find(MessageSendEntity.class, sendId);
            if (s == null) {
                return Facts.NONE;
            }
            // the inbox groups its threads went into (a group's staff read the receipts of what reached their group's families)
            Set<Long> groups = new HashSet<>(em.createQuery("select distinct t.groupId from MessageThreadEntity t, MessageEntity m"
                    + " where m.sendId = :s and t.id = m.threadId and t.groupId is not null", Long.class).setParameter("s", sendId).getResultList());
            return new Facts(Set.of(s.getUnitId()), groups, Set.of(), Set.of(s.getSenderAccount()), null);
        });
    }
}
