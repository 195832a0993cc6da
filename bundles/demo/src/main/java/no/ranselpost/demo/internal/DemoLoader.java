package no.ranselpost.demo.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.NationalIdPolicy;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.identity.StaffAccountService;
import no.ranselpost.persistence.api.SourceRun;
import no.ranselpost.persistence.api.SourceRunHistory;
import no.ranselpost.persistence.api.SourceStateStore;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.MunicipalityEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.UnitEntity;

/**
 * Loads the demo kommune once, when enabled, and only on embedded Derby (unless the setting
 * {@code allowAnyDatabase} lets it into another database, for test environments). Staff accounts (one
 * per staff role, on the first kindergarten) get generated passwords, written to
 * {@code data/demo-accounts.txt} (owner-readable only) and printed once.
 */
@Component(configurationPid = "no.ranselpost.demo", immediate = true)
@Designate(ocd = DemoSettings.class)
public class DemoLoader {

    public static final String SOURCE_ID = "demo";
    static final String LOADED_KEY = "loadedAt";
    static final String ACCOUNTS_FILE = "demo-accounts.txt";
    private static final Logger LOG = LoggerFactory.getLogger(DemoLoader.class);

    static final String GUARDIAN_KEY = "guardianPersonId";

    /**
     * The accounts the demo creates, in this order: one per staff role on the first
     * kindergarten, a guardian of a child there (local sign-in until ID-porten), and an HR
     * integration.
     */
    static final List<Role> DEMO_ROLES = List.of(Role.OWNER, Role.SYSTEM_ADMIN, Role.UNIT_ADMIN, Role.LEADER, Role.EMPLOYEE,
            Role.SUBSTITUTE, Role.SHARED_ACCOUNT, Role.GUARDIAN, Role.INTEGRATION);

    private final Transactions tx;
    private final StaffAccountService accounts;
    private final SourceStateStore state;
    private final SourceRunHistory runs;
    private final NationalIdPolicy ids;
    private final AuditTrail audit;
    private ExecutorService executor;

    @Activate
    public DemoLoader(@Reference Transactions tx, @Reference StaffAccountService accounts, @Reference SourceStateStore state,
                      @Reference SourceRunHistory runs, @Reference NationalIdPolicy ids, @Reference AuditTrail audit) {
        this.tx = tx;
        this.accounts = accounts;
        this.state = state;
        this.runs = runs;
        this.ids = ids;
        this.audit = audit;
    }

    @Activate
    void activate(DemoSettings settings) {
        if (!settings.enabled()) {
            LOG.debug("Demo kommune is off");
            return;
        }
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "ranselpost-demo-loader"));
        executor.submit(() -> {
            try {
                Path data = Path.of(System.getProperty("karaf.data", "data"));
                load(settings.seed(), settings.children(), data, settings.allowAnyDatabase());
            } catch (RuntimeException e) {
                LOG.error("Demo kommune not loaded", e);
            }
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    /** What a load did. */
    public record Outcome(boolean loaded, String reason, int units, int children, int adults, Path accountsFile) {
    }

    /** Loads unless already loaded; refuses anything but embedded Derby and a setting that refuses synthetic ids. */
    public Outcome load(long seed, int childCount, Path dataDir) {
        return load(seed, childCount, dataDir, false);
    }

    /**
     * As {@link #load(long, int, Path)}; with {@code allowAnyDatabase} it loads into any database (a test
     * environment's PostgreSQL), otherwise it refuses anything but embedded Derby.
     */
    public Outcome load(long seed, int childCount, Path dataDir, boolean allowAnyDatabase) {
        String product = tx.databaseProductName();
        if (!"Apache Derby".equals(product) && !allowAnyDatabase) {
            LOG.error("The demo kommune loads only into embedded Derby, not into {}: refused"
                    + " (allowAnyDatabase = true in etc/no.ranselpost.demo.cfg lets it into a test environment's database)", product);
            return new Outcome(false, "database is " + product, 0, 0, 0, null);
        }
        if (!ids.allowSyntheticIds()) {
            LOG.error("The demo kommune has synthetic national ids: set allowSyntheticIds=true in etc/no.ranselpost.core.cfg");
            return new Outcome(false, "allowSyntheticIds is off", 0, 0, 0, null);
        }
        if (state.get(SOURCE_ID, LOADED_KEY).isPresent()) {
            Path file = dataDir.resolve(ACCOUNTS_FILE);
            if (accounts.count() == 0) {
                // the data committed but the accounts did not: finish the job
                writeAccounts(firstKindergarten(), state.get(SOURCE_ID, GUARDIAN_KEY).map(Long::valueOf).filter(v -> v >= 0).orElse(null), dataDir);
            }
            LOG.info("Demo kommune already loaded; not loading it again");
            return new Outcome(false, "already loaded", 0, 0, 0, file);
        }
        if (!"Apache Derby".equals(product)) {
            LOG.warn("The demo kommune loads into {}, not embedded Derby, because allowAnyDatabase is on: a test environment only", product);
        }
        SourceRun run = runs.start(SOURCE_ID);
        DemoKommune k = DemoKommune.generate(seed, childCount);
        long[] unitAndGuardian;
        try {
            unitAndGuardian = tx.inTransaction(em -> persist(em, k));
        } catch (RuntimeException e) {
            runs.finish(run.id(), SourceRun.Status.FAILED, SourceRun.Counts.NONE, e.getClass().getSimpleName());
            throw e;
        }
        Path file = writeAccounts(unitAndGuardian[0], unitAndGuardian[1] < 0 ? null : unitAndGuardian[1], dataDir);
        int created = k.units.size() + k.children.size() + k.adults.size();
        runs.finish(run.id(), SourceRun.Status.SUCCEEDED, new SourceRun.Counts(created, 0, 0, 0, 0),
                k.units.size() + " units, " + k.children.size() + " children, " + k.adults.size() + " adults");
        LOG.info("Demo kommune loaded: {} units, {} children, {} adults; staff accounts in {}", k.units.size(), k.children.size(),
                k.adults.size(), file);
        return new Outcome(true, null, k.units.size(), k.children.size(), k.adults.size(), file);
    }

    /** Persists the kommune and one audit record per object created; returns the staff unit's id and the demo guardian's person id. */
    private long[] persist(EntityManager em, DemoKommune k) {
        List<Created> created = new ArrayList<>();
        MunicipalityEntity m = new MunicipalityEntity();
        m.setNumber("9999");
        m.setName("Ranselvik kommune (demo)");
        em.persist(m);

        Map<String, UnitEntity> units = new HashMap<>();
        Map<String, GroupEntity> groups = new HashMap<>();
        for (DemoKommune.UnitSpec u : k.units) {
            UnitEntity unit = new UnitEntity();
            unit.setOrgNumber(u.orgNumber());
            unit.setUnitType(u.type());
            unit.setName(u.name());
            em.persist(unit);
            units.put(u.key(), unit);
            for (DemoKommune.GroupSpec g : u.groups()) {
                GroupEntity group = new GroupEntity();
                group.setUnit(unit);
                group.setCode(g.code());
                group.setName(g.name());
                group.setGroupType(g.type());
                em.persist(group);
                groups.put(u.key() + "/" + g.code(), group);
            }
        }
        List<PersonEntity> children = persistPeople(em, k.children);
        List<PersonEntity> adults = persistPeople(em, k.adults);
        Map<Integer, GuardianAccountEntity> guardianAccounts = new HashMap<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (DemoKommune.LinkSpec l : k.links) {
            GuardianshipEntity g = new GuardianshipEntity();
            g.setChild(children.get(l.childIndex()));
            g.setGuardian(adults.get(l.adultIndex()));
            g.setRelation(l.relation());
            g.setResponsibility(l.responsibility());
            g.setCurrent(true);
            g.setValidFrom(k.children.get(l.childIndex()).birthDate());
            em.persist(g);
            created.add(new Created("guardianship", g::getId));
            guardianAccounts.computeIfAbsent(l.adultIndex(), i -> {
                GuardianAccountEntity a = new GuardianAccountEntity();
                a.setPerson(adults.get(i));
                a.setState(l.accountActive() ? AccountState.ACTIVE : AccountState.INACTIVE);
                a.setGuardianAsked(l.accountActive());
                a.setStateChangedAt(now);
                em.persist(a);
                created.add(new Created("guardian-account", a::getId));
                return a;
            });
        }
        for (DemoKommune.EnrolmentSpec e : k.enrolments) {
            EnrolmentEntity enrolment = new EnrolmentEntity();
            enrolment.setChild(children.get(e.childIndex()));
            enrolment.setUnit(units.get(e.unitKey()));
            enrolment.setGroup(groups.get(e.unitKey() + "/" + e.groupCode()));
            enrolment.setStartDate(e.startDate());
            em.persist(enrolment);
            created.add(new Created("enrolment", enrolment::getId));
        }
        // an active guardian is active at every unit their children attend (each unit's own activation)
        java.util.Set<String> activated = new java.util.HashSet<>();
        for (DemoKommune.LinkSpec l : k.links) {
            if (!l.accountActive()) {
                continue;
            }
            for (DemoKommune.EnrolmentSpec e : k.enrolments) {
                if (e.childIndex() == l.childIndex() && activated.add(l.adultIndex() + "@" + e.unitKey())) {
                    GuardianUnitAccessEntity ua = new GuardianUnitAccessEntity();
                    ua.setPerson(adults.get(l.adultIndex()));
                    ua.setUnit(units.get(e.unitKey()));
                    ua.setState(AccountState.ACTIVE);
                    ua.setGuardianAsked(true);
                    ua.setStateChangedAt(now);
                    em.persist(ua);
                    created.add(new Created("guardian-unit-access", ua::getId));
                }
            }
        }
        em.flush();
        Actor job = Actor.systemJob(SOURCE_ID);
        for (UnitEntity u : units.values()) {
            audit.change(em, job, "DEMO_LOAD", "unit", u.getId(), u.getId(), null);
        }
        for (GroupEntity g : groups.values()) {
            audit.change(em, job, "DEMO_LOAD", "group", g.getId(), g.getUnit().getId(), null);
        }
        for (PersonEntity p : children) {
            audit.change(em, job, "DEMO_LOAD", "person", p.getId(), null, null);
        }
        for (PersonEntity p : adults) {
            audit.change(em, job, "DEMO_LOAD", "person", p.getId(), null, null);
        }
        for (Created c : created) {
            audit.change(em, job, "DEMO_LOAD", c.type(), c.id().getAsLong(), null, null);
        }
        long guardian = k.demoGuardian < 0 ? -1 : adults.get(k.demoGuardian).getId();
        if (guardian >= 0) {
            formerFamilyThread(em, guardian, units.get("kg1").getId(), job, now);
        }
        state.put(em, SOURCE_ID, LOADED_KEY, now.toString());
        state.put(em, SOURCE_ID, GUARDIAN_KEY, Long.toString(guardian));
        return new long[] {units.get("kg1").getId(), guardian};
    }

    static final String FORMER_THREAD_KEY = "formerThreadId";

    /**
     * A custody change in the demo's history: the demo guardian once had responsibility for
     * another child of the staff unit's first group (ended a month ago) and took part in a thread
     * about that child then. The thread stays in the database; the guardian no longer reads it
     * (the matrix's "former" object).
     */
    private void formerFamilyThread(EntityManager em, long guardianPersonId, long unitId, Actor job, OffsetDateTime now) {
        GroupEntity group = em.createQuery("select g from GroupEntity g where g.unit.id = :unit order by g.code", GroupEntity.class)
                .setParameter("unit", unitId).setMaxResults(1).getSingleResult();
        List<PersonEntity> candidates = em.createQuery("select e.child from EnrolmentEntity e where e.group.id = :g"
                        + " and e.child.addressProtection = no.ranselpost.core.api.AddressProtection.NONE and not exists"
                        + " (select gs.id from GuardianshipEntity gs where gs.child = e.child and gs.guardian.id = :p) order by e.child.id desc",
                PersonEntity.class).setParameter("g", group.getId()).setParameter("p", guardianPersonId).setMaxResults(1).getResultList();
        if (candidates.isEmpty()) {
            return;
        }
        PersonEntity child = candidates.get(0);
        GuardianshipEntity ended = new GuardianshipEntity();
        ended.setChild(child);
        ended.setGuardian(em.find(PersonEntity.class, guardianPersonId));
        ended.setRelation(no.ranselpost.core.api.GuardianRelation.FAR);
        ended.setResponsibility(no.ranselpost.core.api.ParentalResponsibility.FELLES);
        ended.setCurrent(false);
        ended.setValidFrom(child.getBirthDate());
        ended.setValidTo(now.toLocalDate().minusMonths(1));
        ended.setEndReason("custody-change");
        em.persist(ended);
        no.ranselpost.persistence.entity.MessageThreadEntity t = new no.ranselpost.persistence.entity.MessageThreadEntity();
        t.setKind("MESSAGE");
        t.setUnitId(unitId);
        t.setGroupId(group.getId());
        t.setChildId(child.getId());
        t.setSubject("Foreldresamtale");
        t.setReplyAllowed(true);
        t.setCreatedAt(now.minusMonths(2));
        t.setLastMessageAt(now.minusMonths(2));
        em.persist(t);
        em.flush();
        no.ranselpost.persistence.entity.MessageSendEntity send = new no.ranselpost.persistence.entity.MessageSendEntity();
        send.setSenderKind("STAFF");
        send.setScopeKind("FAMILIES");
        send.setUnitId(unitId);
        send.setFamilies(1);
        send.setGuardians(1);
        send.setCreatedAt(now.minusMonths(2));
        em.persist(send);
        em.flush();
        no.ranselpost.persistence.entity.ThreadParticipantEntity participant = new no.ranselpost.persistence.entity.ThreadParticipantEntity();
        participant.setThreadId(t.getId());
        participant.setPersonId(guardianPersonId);
        participant.setKind("GUARDIAN");
        em.persist(participant);
        no.ranselpost.persistence.entity.MessageEntity m = new no.ranselpost.persistence.entity.MessageEntity();
        m.setThreadId(t.getId());
        m.setSendId(send.getId());
        m.setSenderKind("STAFF");
        m.setBody("Velkommen til foreldresamtale (demo).");
        m.setState("ACTIVE");
        m.setCreatedAt(now.minusMonths(2));
        em.persist(m);
        em.flush();
        t.setLastMessageId(m.getId());
        audit.change(em, job, "DEMO_LOAD", "guardianship", ended.getId(), null, "custody-change");
        audit.change(em, job, "DEMO_LOAD", "messaging.thread", t.getId(), unitId, null);
        state.put(em, SOURCE_ID, FORMER_THREAD_KEY, Long.toString(t.getId()));
    }

    /** An object the demo created, for its audit record once ids are assigned. */
    private record Created(String type, java.util.function.LongSupplier id) {
    }

    private static List<PersonEntity> persistPeople(EntityManager em, List<DemoKommune.PersonSpec> specs) {
        List<PersonEntity> out = new ArrayList<>(specs.size());
        for (DemoKommune.PersonSpec s : specs) {
            PersonEntity p = new PersonEntity();
            p.setNationalId(s.nationalId());
            p.setGivenName(s.givenName());
            p.setFamilyName(s.familyName());
            p.setBirthDate(s.birthDate());
            p.setAddressProtection(s.protection());
            if (s.protection().addressMayBeStored()) {
                p.setAddress(s.street(), s.postalCode(), s.postalPlace());
            }
            p.setEmail(s.email());
            p.setMobile(s.mobile());
            em.persist(p);
            out.add(p);
        }
        return out;
    }

    private long firstKindergarten() {
        return tx.inTransaction(em -> em.createQuery(
                        "select u from UnitEntity u where u.unitType = no.ranselpost.core.api.UnitType.KINDERGARTEN order by u.id",
                        UnitEntity.class)
                .setMaxResults(1).getSingleResult().getId());
    }

    static final String IDPORTEN_FILE = "demo-idporten.txt";

    /**
     * For signing in through a local OpenID Connect provider as ID-porten would (README): the
     * synthetic national ids of the demo guardian and of a pupil no child is linked to, in a file
     * only its owner reads; never printed or logged.
     */
    private void writeIdPortenPersons(Long guardianPersonId, Path dataDir) {
        if (guardianPersonId == null) {
            return;
        }
        String[] ids = tx.inTransaction(em -> {
            String guardian = em.find(PersonEntity.class, guardianPersonId).getNationalId();
            List<String> pupils = em.createQuery("select e.child.nationalId from EnrolmentEntity e where"
                            + " e.unit.unitType = no.ranselpost.core.api.UnitType.SCHOOL and not exists"
                            + " (select g.id from GuardianshipEntity g where g.guardian.id = e.child.id) order by e.child.id", String.class)
                    .setMaxResults(1).getResultList();
            return new String[] {guardian, pupils.isEmpty() ? null : pupils.get(0)};
        });
        StringBuilder text = new StringBuilder();
        text.append("# Synthetic national ids for signing in through a local OpenID Connect provider (README: \"Guardians and ID-porten\")\n");
        text.append("GUARDIAN ").append(ids[0]).append('\n');
        if (ids[1] != null) {
            text.append("NO_CHILDREN ").append(ids[1]).append('\n');
        }
        writeOwnerOnly(dataDir, dataDir.resolve(IDPORTEN_FILE), text);
    }

    /** Writes a file only its owner reads (mode 600 where the file system has modes), replacing any earlier one. */
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

    private Path writeAccounts(long unitId, Long guardianPersonId, Path dataDir) {
        long groupId = tx.inTransaction(em -> em.createQuery(
                        "select g from GroupEntity g where g.unit.id = :unit order by g.code", GroupEntity.class)
                .setParameter("unit", unitId).setMaxResults(1).getSingleResult().getId());
        String unitName = tx.inTransaction(em -> em.find(UnitEntity.class, unitId).getName());
        java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
        StringBuilder text = new StringBuilder();
        text.append("# Ranselpost demo accounts (synthetic kommune; generated passwords, shown only here)\n");
        text.append("# Unit: ").append(unitName).append(" (id ").append(unitId).append(")\n");
        state.get(SOURCE_ID, FORMER_THREAD_KEY).ifPresent(t -> text.append("# Former thread: the demo guardian's thread about a child"
                + " whose custody moved (id ").append(t).append(")\n"));
        text.append("# Sign in: POST /api/v1/auth/login {\"username\": ..., \"password\": ..., \"totp\": ...}; INTEGRATION uses HTTP Basic\n");
        text.append("# OWNER, SYSTEM_ADMIN and UNIT_ADMIN also send \"totp\": the code an authenticator app makes from the secret\n");
        text.append(String.format("%-16s %-22s %-22s %s%n", "# role", "username", "password", "totp-secret"));
        for (Role role : DEMO_ROLES) {
            if (role == Role.GUARDIAN && guardianPersonId == null) {
                continue;
            }
            RoleGrant grant = switch (role) {
                case OWNER, SYSTEM_ADMIN, GUARDIAN -> RoleGrant.kommuneWide(role);
                case UNIT_ADMIN -> RoleGrant.unit(role, unitId);
                case SUBSTITUTE -> new RoleGrant(role, unitId, groupId, today.minusDays(1), today.plusDays(30));
                case INTEGRATION -> RoleGrant.integration("hr");
                default -> RoleGrant.group(role, unitId, groupId);
            };
            String username = "demo." + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            StaffAccountService.CreatedAccount created = accounts.create("system:" + SOURCE_ID, username, "Demo " + role.name(),
                    role == Role.GUARDIAN ? guardianPersonId : null, List.of(grant));
            text.append(String.format("%-16s %-22s %-22s %s%n", role.name(), created.username(), created.password(),
                    created.totpSecret() == null ? "" : created.totpSecret()).stripTrailing()).append('\n');
        }
        Path file = dataDir.resolve(ACCOUNTS_FILE);
        writeOwnerOnly(dataDir, file, text);
        writeIdPortenPersons(guardianPersonId, dataDir);
        // printed once, to the console that started Ranselpost; never to the log
        System.out.println();
        System.out.print(text);
        System.out.println("# (also in " + file.toAbsolutePath() + ", readable by its owner only)");
        return file;
    }
}
