package no.ranselpost.itests.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import no.ranselpost.absence.api.AbsenceRequest;
import no.ranselpost.absence.api.AbsenceService;
import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.audit.api.AuditSeals;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.core.api.AccessRequestService;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.PersonOverrides;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccessReviews;
import no.ranselpost.core.api.identity.AccountActivation;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.core.api.identity.StaffAdministration;
import no.ranselpost.core.api.identity.StaffAdministration.GrantRequest;
import no.ranselpost.core.api.identity.StaffAdministration.NewStaffAccount;
import no.ranselpost.core.api.time.ClockControl;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.MessageEntity;
import no.ranselpost.persistence.entity.MessageThreadEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.ThreadParticipantEntity;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportService;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.api.ResponsibilityRecord;
import no.ranselpost.retention.api.RetentionRun;
import no.ranselpost.retention.api.RetentionService;

/**
 * Issue 16's "Done when": a unit through a year of seed 000 on the platform's clock, moved by
 * {@link ClockControl} (the suite runs with {@code -Dranselpost.clock.movable=true}). A source of
 * the test's own stands for the registers (a family, its child's enrolment, a staff member's
 * employment) and is re-imported as they change. Runs last in the suite (it moves the clock by
 * years) and puts the clock back at the end.
 */
final class YearOfSeed000Scenario {

    private static final String ADDRESS = "127.0.0.1";
    private static final String PASSWORD = "year-of-seed-000-password";

    private final BundleContext context;
    private final Transactions tx;
    private final StaffAccountService accounts;
    private final SessionService sessions;
    private final AuthenticatedPrincipal sysadmin;

    private ClockControl clockControl;
    private OsloClock clock;
    private StaffAdministration staff;
    private AccountActivation activation;
    private AccessRequestService requests;
    private AccessReviews reviews;
    private PersonOverrides overrides;
    private ImportService imports;
    private RetentionService retention;
    private AbsenceService absence;
    private AuditSeals seals;

    YearOfSeed000Scenario(BundleContext context, Transactions tx, StaffAccountService accounts, SessionService sessions,
                          AuthenticatedPrincipal sysadmin) {
        this.context = context;
        this.tx = tx;
        this.accounts = accounts;
        this.sessions = sessions;
        this.sysadmin = sysadmin;
    }

    /** The registers, as they stand: the test changes them between imports. */
    private static final class Registers implements RegistrySource {
        final String org = firstValidOrg(93000000);
        String child;
        String mor;
        String far;
        String employee;
        LocalDate enrolledFrom;
        volatile LocalDate enrolmentEnd;
        volatile LocalDate leaveFrom;
        volatile LocalDate leaveTo;
        volatile LocalDate employmentEnd;

        @Override
        public String sourceId() {
            return "itest-year";
        }

        @Override
        public boolean fullSnapshot() {
            return false;
        }

        @Override
        public void pull(ImportSink sink, StateView state) {
            sink.child(new ChildRecord("family year", person(child, "Barn"), List.of(
                    new ResponsibilityRecord(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR, true, null),
                    new ResponsibilityRecord(far, ParentalResponsibility.FELLES, GuardianRelation.FAR, true, null)),
                    List.of(person(mor, "Mor"), person(far, "Far")), List.of()));
            sink.enrolment(new EnrolmentRecord("enrolment year", child, org, UnitType.KINDERGARTEN, "Årshjul barnehage", "AVD1", "Blåbær",
                    GroupType.DEPARTMENT, enrolledFrom, enrolmentEnd));
            sink.employment(new EmploymentRecord("employment year", "E-1", person(employee, "Ansatt"), null, null, org, UnitType.KINDERGARTEN,
                    "7954", "Barne- og ungdomsarbeider", Role.EMPLOYEE, enrolledFrom, employmentEnd, leaveFrom, leaveTo));
        }

        private static PersonRecord person(String id, String given) {
            return new PersonRecord(id, List.of(), given, "Årshjulsen", NationalId.parse(id, true).birthDate(), AddressProtection.NONE, null, null);
        }
    }

    void run() throws Exception {
        clockControl = service(ClockControl.class);
        clock = service(OsloClock.class);
        staff = service(StaffAdministration.class);
        activation = service(AccountActivation.class);
        requests = service(AccessRequestService.class);
        reviews = service(AccessReviews.class);
        overrides = service(PersonOverrides.class);
        imports = service(ImportService.class);
        retention = service(RetentionService.class);
        absence = service(AbsenceService.class);
        seals = service(AuditSeals.class);
        try {
            walk();
        } finally {
            clockControl.reset();
        }
    }

    private void walk() throws Exception {
        LocalDate today = clock.today();
        Registers registers = new Registers();
        registers.child = nationalId(today.minusYears(3), 1);
        registers.mor = nationalId(today.minusYears(34), 2);
        registers.far = nationalId(today.minusYears(36), 3);
        registers.employee = nationalId(today.minusYears(29), 4);
        registers.enrolledFrom = today.minusMonths(2);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RegistrySource.SOURCE_ID, registers.sourceId());
        ServiceRegistration<RegistrySource> source = context.registerService(RegistrySource.class, registers, props);
        try {
            importNow();
            long unit = id("select u.id from UnitEntity u where u.orgNumber = '" + registers.org + "'");
            long group = id("select g.id from GroupEntity g where g.unit.id = " + unit + " and g.code = 'AVD1'");
            long child = person(registers.child);
            long mor = person(registers.mor);
            long far = person(registers.far);
            long employee = person(registers.employee);

            // August: the owner adds the unit admin (styrer), who activates their own account with TOTP
            StaffAccountService.CreatedAccount ownerAccount = accounts.create("system:itest", "year.owner", "Eier", null,
                    List.of(RoleGrant.kommuneWide(Role.OWNER)));
            AuthenticatedPrincipal owner = signIn(ownerAccount.username(), ownerAccount.password(), TestTotp.now(ownerAccount.totpSecret()));
            StaffAdministration.ActivationCode styrerCode = staff.create(owner, new NewStaffAccount("year.styrer", "Styrer", null,
                    List.of(new GrantRequest(Role.UNIT_ADMIN, unit, null, null, null))));
            String styrerSecret = activation.startTotpEnrolment(styrerCode.activationCode(), ADDRESS).secret();
            activation.activate(styrerCode.activationCode(), PASSWORD.toCharArray(), TestTotp.now(styrerSecret), ADDRESS);
            assertThrows("a used activation code is refused", AuthenticationException.class,
                    () -> activation.activate(styrerCode.activationCode(), (PASSWORD + "-again").toCharArray(), "000000", ADDRESS));
            AuthenticatedPrincipal styrer = signIn("year.styrer", PASSWORD, TestTotp.next(styrerSecret));
            assertTrue(styrer.hasRole(Role.UNIT_ADMIN));

            // the styrer adds the staff member HR knows (EMPLOYEE, the department) and the department's shared account
            StaffAdministration.ActivationCode ansattCode = staff.create(styrer, new NewStaffAccount("year.ansatt", "Ansatt", employee,
                    List.of(new GrantRequest(Role.EMPLOYEE, unit, group, null, null))));
            activation.activate(ansattCode.activationCode(), PASSWORD.toCharArray(), null, ADDRESS);
            AuthenticatedPrincipal ansatt = signIn("year.ansatt", PASSWORD, null);
            assertTrue("HR's employment and the styrer's group", ansatt.grants().stream()
                    .anyMatch(g -> g.role() == Role.EMPLOYEE && Long.valueOf(group).equals(g.groupId())));
            StaffAdministration.ActivationCode sharedCode = staff.create(styrer, new NewStaffAccount("year.felles", "Blåbær felles", null,
                    List.of(new GrantRequest(Role.SHARED_ACCOUNT, unit, group, null, null))));
            activation.activate(sharedCode.activationCode(), PASSWORD.toCharArray(), null, ADDRESS);
            staff.recordPasswordHolder(styrer, sharedCode.accountId(), employee);
            assertNotNull(signIn("year.felles", PASSWORD, null));

            // the guardians ask for access; the styrer activates them from their requests
            AuthenticatedPrincipal morSession = guardian(mor, "year.mor");
            AuthenticatedPrincipal farSession = guardian(far, "year.far");
            requests.request(morSession, child, unit);
            requests.request(farSession, child, unit);
            assertEquals("the review counts the pending requests", 2, reviews.review(styrer, unit).pendingAccessRequests());
            List<AccessRequestService.AccessRequest> pending = requests.ofUnit(styrer, unit, "PENDING");
            assertEquals(2, pending.size());
            for (AccessRequestService.AccessRequest r : pending) {
                assertEquals("ACTIVATED", requests.activate(styrer, r.id()).state());
            }
            assertTrue(requests.ofUnit(styrer, unit, "PENDING").isEmpty());

            // daily life: an absence report and a message thread about the child
            absence.report(morSession, new AbsenceRequest(child, clock.today(), clock.today(), null, null, "SICK", null));
            long thread = messageThread(unit, group, child, mor);

            // a name override (seed 003) survives the next import
            overrides.override(sysadmin, child, PersonOverrides.GIVEN_NAME, "Kaia", "name-change");
            importNow();
            assertEquals("Kaia", tx.inTransaction(em -> em.find(PersonEntity.class, child).getGivenName()));

            // September: the staff member goes on leave: access gone, the review flags the active account
            move(Duration.ofDays(10));
            registers.leaveFrom = clock.today();
            registers.leaveTo = clock.today().plusMonths(3);
            importNow();
            AuthenticatedPrincipal onLeave = signIn("year.ansatt", PASSWORD, null);
            assertFalse("no access while on leave", onLeave.grants().stream().anyMatch(g -> Long.valueOf(unit).equals(g.unitId())));
            assertTrue(flags(styrer, unit, "year.ansatt").contains(AccessReviews.LEFT_OR_ON_LEAVE));

            // then leaves: the shared password they knew must be rotated
            move(Duration.ofDays(5));
            registers.employmentEnd = clock.today().minusDays(1);
            importNow();
            assertEquals("shared-password-holder-left", staff.get(styrer, sharedCode.accountId()).rotationDue());
            assertTrue(flags(styrer, unit, "year.felles").contains(AccessReviews.SHARED_PASSWORD_OLD));
            assertTrue(flags(styrer, unit, "year.ansatt").contains(AccessReviews.LEFT_OR_ON_LEAVE));

            // the styrer handles each flag (disable, rotate) and signs the month's review off
            staff.disable(styrer, ansattCode.accountId());
            StaffAdministration.ActivationCode rotated = staff.reset(styrer, sharedCode.accountId(), StaffAdministration.ResetKind.PASSWORD);
            activation.activate(rotated.activationCode(), (PASSWORD + "-2").toCharArray(), null, ADDRESS);
            assertNull(staff.get(styrer, sharedCode.accountId()).rotationDue());
            AccessReviews.Review review = reviews.review(styrer, unit);
            assertTrue(review.entries().stream().filter(e -> "year.ansatt".equals(e.username()) || "year.felles".equals(e.username()))
                    .allMatch(e -> !e.flags().contains(AccessReviews.SHARED_PASSWORD_OLD)));
            assertTrue(reviews.signOff(styrer, unit).signedOff());

            // June: the child leaves the kindergarten
            move(Duration.ofDays(285));
            registers.enrolmentEnd = clock.today();
            importNow();
            AuthenticatedPrincipal admin = sysadmin;

            // 364 days after leaving: kept
            move(Duration.ofDays(364));
            RetentionRun kept = retention.run(admin);
            assertEquals(kept.toString(), "SUCCEEDED", kept.status());
            assertNull("a child who left 364 days ago stays", tx.inTransaction(em -> em.find(PersonEntity.class, child).getAnonymisedAt()));

            // more than a year after leaving: the child goes, with its messages, absences and its guardians (no child left)
            move(Duration.ofDays(2));
            RetentionRun gone = retention.run(admin);
            assertEquals(gone.toString(), "SUCCEEDED", gone.status());
            assertTrue(gone.toString(), gone.counts().getOrDefault("core.child", 0L) >= 1);
            assertTrue(gone.toString(), gone.counts().getOrDefault("absence.report", 0L) >= 1);
            assertTrue(gone.toString(), gone.counts().getOrDefault("messaging.message", 0L) >= 1);
            PersonEntity forgotten = tx.inTransaction(em -> em.find(PersonEntity.class, child));
            assertNotNull(forgotten.getAnonymisedAt());
            assertNull(forgotten.getGivenName());
            assertFalse(forgotten.getNationalId().equals(registers.child));
            for (long guardian : new long[] {mor, far}) {
                assertNotNull("no child of theirs remains", tx.inTransaction(em -> em.find(PersonEntity.class, guardian).getAnonymisedAt()));
            }
            assertEquals(0L, count("select count(a) from AbsenceReportEntity a where a.child.id = " + child));
            assertEquals(0L, count("select count(m) from MessageEntity m where m.threadId = " + thread));
            assertEquals(0L, count("select count(e) from EnrolmentEntity e where e.child.id = " + child));
            assertEquals("each kind counted in the audit trail, by run, no personal data", gone.counts().size(), count(
                    "select count(r) from AuditRecordEntity r where r.action = 'retention.run.delete' and exists "
                    + "(select o.id from AuditObjectEntity o where o.record = r and o.objectId = " + gone.id() + ")"));
            assertThrows(AccessDeniedException.class, () -> retention.run(styrer));
            RetentionRun again = retention.run(admin);
            assertFalse("a second run finds no child again", again.counts().containsKey("core.child"));

            // five years on: old audit records go behind a checkpoint, and verify stays intact
            while (seals.sealNow().isPresent()) {
                // seal what is there
            }
            Thread.sleep(1100); // the suite's seal margin
            while (seals.sealNow().isPresent()) {
                // and what came in since
            }
            long before = count("select count(r) from AuditRecordEntity r");
            move(Duration.ofDays(5 * 366));
            RetentionRun years = retention.run(admin);
            assertEquals(years.toString(), "SUCCEEDED", years.status());
            assertTrue(years.toString(), years.counts().getOrDefault("audit.record", 0L) > 0);
            assertTrue("old records are gone", count("select count(r) from AuditRecordEntity r") < before);
            VerifyReport report = seals.verify();
            assertTrue(report.problems().toString(), report.intact());
            assertEquals(1L, count("select count(c) from AuditCheckpointEntity c"));
            System.out.println("[paxexam] year of seed 000: retention runs " + kept.id() + ".." + years.id() + ", forgotten "
                    + gone.counts() + ", audit " + years.counts());
        } finally {
            source.unregister();
        }
    }

    // ---------------------------------------------------------------------------------------

    private void move(Duration by) {
        clockControl.advance(by);
    }

    private void importNow() {
        ImportRun run = imports.run(sysadmin, "itest-year");
        assertEquals(run.toString(), ImportRun.Status.SUCCEEDED, run.status());
    }

    private List<String> flags(AuthenticatedPrincipal styrer, long unit, String username) {
        return reviews.review(styrer, unit).entries().stream().filter(e -> username.equals(e.username())).findFirst()
                .map(AccessReviews.Entry::flags).orElseThrow(() -> new AssertionError(username + " is not in the review"));
    }

    private AuthenticatedPrincipal signIn(String username, String password, String totp) {
        String token = sessions.login(username, password.toCharArray(), totp, ADDRESS).token();
        return sessions.resolve(token).orElseThrow();
    }

    private AuthenticatedPrincipal guardian(long person, String username) {
        StaffAccountService.CreatedAccount a = accounts.create("system:itest", username, null, person, List.of(RoleGrant.kommuneWide(Role.GUARDIAN)));
        return signIn(a.username(), a.password(), null);
    }

    private long messageThread(long unit, long group, long child, long guardian) {
        return tx.inTransaction(em -> {
            OffsetDateTime now = clock.nowUtc();
            MessageThreadEntity t = new MessageThreadEntity();
            t.setKind("MESSAGE");
            t.setUnitId(unit);
            t.setGroupId(group);
            t.setChildId(child);
            t.setSubject("Foreldresamtale");
            t.setReplyAllowed(true);
            t.setCreatedAt(now);
            t.setLastMessageAt(now);
            em.persist(t);
            em.flush();
            ThreadParticipantEntity p = new ThreadParticipantEntity();
            p.setThreadId(t.getId());
            p.setPersonId(guardian);
            p.setKind("GUARDIAN");
            em.persist(p);
            MessageEntity m = new MessageEntity();
            m.setThreadId(t.getId());
            m.setSendId(0);
            m.setSenderKind("STAFF");
            m.setBody("Velkommen til foreldresamtale.");
            m.setState("ACTIVE");
            m.setCreatedAt(now);
            em.persist(m);
            em.flush();
            t.setLastMessageId(m.getId());
            return t.getId();
        });
    }

    private long person(String nationalId) {
        return id("select p.id from PersonEntity p where p.nationalId = '" + nationalId + "'");
    }

    private long id(String jpql) {
        return tx.inTransaction(em -> em.createQuery(jpql, Long.class).getSingleResult());
    }

    private long count(String jpql) {
        return tx.inTransaction(em -> em.createQuery(jpql, Long.class).getSingleResult());
    }

    private static String nationalId(LocalDate birth, int n) {
        for (int individual = (birth.getYear() >= 2000 ? 500 : 0) + 150 + n * 7;; individual++) {
            Optional<NationalId> id = NationalId.compose(birth, individual, NationalId.Kind.FODSELSNUMMER, true);
            if (id.isPresent()) {
                return id.get().value();
            }
        }
    }

    private static String firstValidOrg(int base) {
        for (int n = base;; n++) {
            String org = OrgNumber.withCheckDigit(Integer.toString(n));
            if (org != null) {
                return org;
            }
        }
    }

    private <T> T service(Class<T> type) throws Exception {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        T s = t.waitForService(60_000);
        assertNotNull(type.getSimpleName(), s);
        return s;
    }
}
