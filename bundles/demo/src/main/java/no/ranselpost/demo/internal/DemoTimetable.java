package no.ranselpost.demo.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.persistence.api.SourceStateStore;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EmploymentEntity;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/**
 * The demo kommune's timetable people (a block of its own): once the demo kommune is loaded, a
 * teacher at the first school (a person with an HR-style employment carrying the employee id
 * {@code DEMO-T1}) with a staff account, and a local account for a guardian of a pupil at that
 * school, so that a timetable for the school (README "Timetable") can be imported and seen from
 * both sides. Their user names and generated passwords, with the school's org number, the pupil's
 * class and the ids, go to {@code data/demo-timetable.txt}, readable by its owner only, never to the log.
 */
@Component(configurationPid = "no.ranselpost.demo", immediate = true)
public class DemoTimetable {

    static final String STATE_KEY = "timetableLoadedAt";
    static final String FILE = "demo-timetable.txt";
    static final String EMPLOYEE_ID = "DEMO-T1";
    private static final Logger LOG = LoggerFactory.getLogger(DemoTimetable.class);

    private final Transactions tx;
    private final StaffAccountService accounts;
    private final SourceStateStore state;
    private final AuditTrail audit;
    private ExecutorService executor;

    @Activate
    public DemoTimetable(@Reference Transactions tx, @Reference StaffAccountService accounts, @Reference SourceStateStore state,
                         @Reference AuditTrail audit) {
        this.tx = tx;
        this.accounts = accounts;
        this.state = state;
        this.audit = audit;
    }

    @Activate
    void activate(DemoSettings settings) {
        if (!settings.enabled()) {
            return;
        }
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "ranselpost-demo-timetable"));
        executor.submit(() -> {
            try {
                // after the demo kommune and its accounts (DemoLoader, on its own thread)
                for (int i = 0; i < 300 && !(state.get(DemoLoader.SOURCE_ID, DemoLoader.LOADED_KEY).isPresent() && accounts.count() > 0); i++) {
                    Thread.sleep(1000);
                }
                Path data = Path.of(System.getProperty("karaf.data", "data"));
                load(data);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("Demo timetable people not created", e);
            }
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** What the block made (null values when it had made them before). */
    record Made(String orgNumber, String classCode, long teacherPersonId, long pupilId) {
    }

    Made load(Path dataDir) {
        if (state.get(DemoLoader.SOURCE_ID, DemoLoader.LOADED_KEY).isEmpty()) {
            LOG.info("Demo kommune not loaded: no demo timetable people");
            return null;
        }
        if (state.get(DemoLoader.SOURCE_ID, STATE_KEY).isPresent()) {
            return null;
        }
        // a pupil at the first school whose guardian holds responsibility, is active there, and nobody in it is protected
        EnrolmentEntity[] chosen = new EnrolmentEntity[1];
        Object[] made = tx.inTransaction(em -> {
            List<Object[]> rows = em.createQuery("select e, g from EnrolmentEntity e, GuardianshipEntity g, GuardianAccountEntity a,"
                            + " GuardianUnitAccessEntity ua where e.unit.unitType = :school and e.group is not null and g.child = e.child"
                            + " and g.current = true and g.responsibility in :holds and e.child.addressProtection = :none"
                            + " and g.guardian.addressProtection = :none and a.person = g.guardian and a.state = :active"
                            + " and ua.person = g.guardian and ua.unit = e.unit and ua.state = :active"
                            + " and not exists (select s.id from StaffAccountEntity s where s.person = g.guardian)"
                            + " order by e.unit.id, e.child.id, g.guardian.id", Object[].class)
                    .setParameter("school", UnitType.SCHOOL).setParameter("none", AddressProtection.NONE)
                    .setParameter("active", AccountState.ACTIVE)
                    .setParameter("holds", List.of(ParentalResponsibility.FELLES, ParentalResponsibility.MOR, ParentalResponsibility.FAR))
                    .setMaxResults(1).getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            EnrolmentEntity e = (EnrolmentEntity) rows.get(0)[0];
            GuardianshipEntity g = (GuardianshipEntity) rows.get(0)[1];
            chosen[0] = e;
            PersonEntity teacher = new PersonEntity();
            teacher.setNationalId(freeId(em));
            teacher.setGivenName("Lilly");
            teacher.setFamilyName("Lektor");
            teacher.setBirthDate(LocalDate.of(1985, 3, 14));
            em.persist(teacher);
            em.flush();
            EmploymentEntity job = new EmploymentEntity();
            job.setPerson(teacher);
            job.setUnit(e.getUnit());
            job.setPositionCode("7954");
            job.setPositionTitle("Lektor");
            job.setRole(Role.EMPLOYEE);
            job.setStartDate(LocalDate.of(2020, 8, 1));
            job.setSourceId(DemoLoader.SOURCE_ID);
            // the HR sources' key: the employee id first, as the timetable finds a teacher by it
            job.setSourceKey(EMPLOYEE_ID + "|" + teacher.getId() + "|" + e.getUnit().getId() + "|7954|2020-08-01");
            em.persist(job);
            em.flush();
            Actor actor = Actor.systemJob(DemoLoader.SOURCE_ID);
            audit.change(em, actor, "DEMO_LOAD", "person", teacher.getId(), null, null);
            audit.change(em, actor, "DEMO_LOAD", "employment", job.getId(), e.getUnit().getId(), null);
            return new Object[] {e.getUnit().getOrgNumber(), e.getGroup().getCode(), teacher.getId(), e.getChild().getId(), g.getGuardian().getId(),
                    e.getUnit().getId(), e.getGroup().getId()};
        });
        if (made == null) {
            LOG.warn("The demo kommune has no pupil at a school with an active guardian: no demo timetable people");
            return null;
        }
        StaffAccountService.CreatedAccount teacherAccount = accounts.create("system:" + DemoLoader.SOURCE_ID, "demo.teacher", "Lilly Lektor",
                (Long) made[2], List.of(RoleGrant.group(Role.EMPLOYEE, (Long) made[5], (Long) made[6])));
        StaffAccountService.CreatedAccount guardianAccount = accounts.create("system:" + DemoLoader.SOURCE_ID, "demo.pupil-guardian",
                "Demo foresatt (timeplan)", (Long) made[4], List.of(RoleGrant.kommuneWide(Role.GUARDIAN)));
        StringBuilder text = new StringBuilder();
        text.append("# Ranselpost demo timetable (README \"Timetable\"): a teacher and a pupil's guardian at the first school\n");
        text.append("SCHOOL_ORG_NUMBER ").append(made[0]).append('\n');
        text.append("SCHOOL_UNIT_ID ").append(made[5]).append('\n');
        text.append("CLASS_CODE ").append(made[1]).append('\n');
        text.append("CLASS_GROUP_ID ").append(made[6]).append('\n');
        text.append("TEACHER_EMPLOYEE_ID ").append(EMPLOYEE_ID).append('\n');
        text.append("TEACHER_PERSON_ID ").append(made[2]).append('\n');
        text.append("PUPIL_ID ").append(made[3]).append('\n');
        text.append("TEACHER ").append(teacherAccount.username()).append(' ').append(teacherAccount.password()).append('\n');
        text.append("PUPIL_GUARDIAN ").append(guardianAccount.username()).append(' ').append(guardianAccount.password()).append('\n');
        writeOwnerOnly(dataDir, dataDir.resolve(FILE), text);
        state.put(DemoLoader.SOURCE_ID, STATE_KEY, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString());
        LOG.info("Demo timetable people created at unit {}: a teacher and a pupil's guardian (accounts in {})", made[5], dataDir.resolve(FILE));
        return new Made((String) made[0], (String) made[1], (Long) made[2], (Long) made[3]);
    }

    /** A synthetic national id nobody in the database has. */
    private static String freeId(javax.persistence.EntityManager em) {
        for (int individual = 0; individual < 500; individual++) {
            var id = NationalId.compose(LocalDate.of(1985, 3, 14), individual, NationalId.Kind.FODSELSNUMMER, true);
            if (id.isPresent() && em.createQuery("select count(p) from PersonEntity p where p.nationalId = :n", Long.class)
                    .setParameter("n", id.get().value()).getSingleResult() == 0) {
                return id.get().value();
            }
        }
        throw new IllegalStateException("No free synthetic national id");
    }

    private static void writeOwnerOnly(Path dataDir, Path file, CharSequence text) {
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file, e);
        }
    }
}
