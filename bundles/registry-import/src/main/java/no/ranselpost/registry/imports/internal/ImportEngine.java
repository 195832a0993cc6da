package no.ranselpost.registry.imports.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NationalIdPolicy;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.persistence.api.SourceRun;
import no.ranselpost.persistence.api.SourceRunHistory;
import no.ranselpost.persistence.api.SourceStateStore;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.SourceRejectionEntity;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ContactRecord;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.FileImportSource;
import no.ranselpost.registry.api.FollowingSource;
import no.ranselpost.registry.api.ImportActions;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportService;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.api.SourceInfo;

/**
 * Runs registry sources: every record applied whole or rejected with its reason, the rest going
 * on; children handed together and enrolment rows share transactions of up to
 * {@code recordsPerTransaction} records, rolled back to a record that fails (the ones before it
 * applied together again, it alone in a transaction of its own), counts and progress in the run history, the
 * mass-deletion hold for full snapshots. Sources come and go as services (dynamic references),
 * so adding or reconfiguring an adapter needs no restart.
 */
@Component(service = {ImportService.class, ImportJobs.class}, configurationPid = "no.ranselpost.registry.import")
@Designate(ocd = ImportSettings.class)
public class ImportEngine implements ImportService, ImportJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ImportEngine.class);
    /** Keys name records in reports: short, and never an 11-digit number. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9 _.:#/-]{1,100}");
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");

    private final Transactions tx;
    private final OsloClock clock;
    private final AuditTrail audit;
    private final AccessPolicy access;
    private final NationalIdPolicy ids;
    private final SourceStateStore state;
    private final SourceRunHistory runs;
    private final Map<String, RegistrySource> sources = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private volatile double massDeletionShare = 0.10;
    private volatile int progressEvery = 500;
    private volatile int recordsPerTransaction = 200;

    /** The lease a run of a source holds, by source id (two nodes on one database: one runs a source at a time). */
    static final String LEASE_PREFIX = "import:";
    /** The message of a run that reads its source (a pull: the schedule, pickup, a run asked for) while it runs. */
    static final String PULLING = "Running: reading the source";
    /** The message of such a run once found interrupted: the next pickup round resumes it. */
    static final String INTERRUPTED_PULL = "Interrupted: the node running it stopped; nothing past its last stored position "
            + "counts as applied, and it is resumed from there by the next pickup round";
    static final String INTERRUPTED = "Interrupted: Ranselpost stopped during this run; nothing past its last stored "
            + "position counts as applied, and the next run resumes from there";

    private final no.ranselpost.persistence.api.Leases leases;

    /** One node, no leases (unit tests): every run still RUNNING at start was cut off. */
    public ImportEngine(Transactions tx, AuditTrail audit, AccessPolicy access, NationalIdPolicy ids, SourceStateStore state,
                        SourceRunHistory runs, OsloClock clock) {
        this(tx, audit, access, ids, state, runs, clock, null);
    }

    @Activate
    public ImportEngine(@Reference Transactions tx, @Reference AuditTrail audit, @Reference AccessPolicy access,
                        @Reference NationalIdPolicy ids, @Reference SourceStateStore state, @Reference SourceRunHistory runs,
                        @Reference OsloClock clock, @Reference no.ranselpost.persistence.api.Leases leases) {
        this.clock = clock;
        this.tx = tx;
        this.audit = audit;
        this.access = access;
        this.ids = ids;
        this.state = state;
        this.runs = runs;
        this.leases = leases;
        if (leases == null) {
            // no run of this engine is going yet: a run still RUNNING was cut off when the process stopped
            int abandoned = runs.interruptAbandoned(INTERRUPTED);
            if (abandoned > 0) {
                LOG.warn("{} import run(s) were interrupted when Ranselpost stopped; the next run of each source resumes", abandoned);
            }
        } else {
            // another node may be running a source now: only a run whose lease nobody holds was cut off
            takeOverAbandoned();
        }
    }

    /**
     * Marks INTERRUPTED every run still RUNNING whose source's lease nobody holds (its node
     * stopped or was killed, and its lease ran out); answers the sources with such a run.
     */
    int takeOverAbandoned() {
        return takeOverAbandoned(null);
    }

    /** As above, for the given sources only (null: every source with a run RUNNING). */
    private int takeOverAbandoned(Set<String> only) {
        if (leases == null) {
            return 0;
        }
        List<String> going = tx.inTransaction(em -> em.createQuery(
                "select distinct r.sourceId from SourceRunEntity r where r.status = :s", String.class)
                .setParameter("s", SourceRun.Status.RUNNING.name()).getResultList());
        if (only != null) {
            // runs this engine makes, under their lease; not what other writers of the run history (demo loads) keep going
            going = going.stream().filter(only::contains).toList();
        }
        int taken = 0;
        for (String sourceId : going) {
            ReentrantLock own = running.get(sourceId);
            if (own != null && own.isLocked()) {
                continue;
            }
            try {
                int n = leases.holding(LEASE_PREFIX + sourceId, lease -> interruptRunning(sourceId)).orElse(0);
                if (n > 0) {
                    taken++;
                    LOG.warn("{} run(s) of {} were cut off (their node stopped; lease free): interrupted, resumed from their last "
                            + "stored position", n, sourceId);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not check the runs of {} for a stopped node: {}", sourceId, e.getClass().getSimpleName());
            }
        }
        return taken;
    }

    /** Under the source's lease: no run of it is going anywhere, so one still RUNNING was cut off. */
    private int interruptRunning(String sourceId) {
        return tx.inTransaction(em -> {
            List<no.ranselpost.persistence.entity.SourceRunEntity> abandoned = em.createQuery(
                            "select r from SourceRunEntity r where r.sourceId = :id and r.status = :s",
                            no.ranselpost.persistence.entity.SourceRunEntity.class)
                    .setParameter("id", sourceId).setParameter("s", SourceRun.Status.RUNNING.name()).getResultList();
            for (no.ranselpost.persistence.entity.SourceRunEntity r : abandoned) {
                r.setStatus(SourceRun.Status.INTERRUPTED.name());
                r.setFinishedAt(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                r.setMessage(PULLING.equals(r.getMessage()) ? INTERRUPTED_PULL : INTERRUPTED);
            }
            return abandoned.size();
        });
    }

    /** DS introspection, to show configured sources that failed to start. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile org.osgi.service.component.runtime.ServiceComponentRuntime scr;

    private java.util.concurrent.ScheduledExecutorService pickup;
    /** Runs of {@link FollowingSource}s that another source's run or their schedule asked for, one at a time. */
    private final java.util.concurrent.ExecutorService followUps = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ranselpost-import-follow-up");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> followUpsQueued = ConcurrentHashMap.newKeySet();

    @Activate
    @Modified
    void configure(ImportSettings settings) {
        massDeletionShare = settings.massDeletionShare();
        progressEvery = settings.progressEvery();
        recordsPerTransaction = Math.max(1, Math.min(2000, settings.recordsPerTransaction()));
        stopPickup();
        if (settings.pickupIntervalSeconds() > 0) {
            pickup = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ranselpost-import-pickup");
                t.setDaemon(true);
                return t;
            });
            pickup.scheduleWithFixedDelay(this::pickUpNewFiles, settings.pickupIntervalSeconds(), settings.pickupIntervalSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        stopPickup();
        followUps.shutdownNow();
    }

    /**
     * After a run of {@code finished}: every other {@link FollowingSource} that asks for it runs
     * next, as Ranselpost's own job, on the follow-up thread (the run that finished answers at once).
     */
    private void followUp(String finished) {
        for (RegistrySource source : List.copyOf(sources.values())) {
            if (source instanceof FollowingSource following && !following.sourceId().equals(finished)) {
                try {
                    if (following.runAfter(finished)) {
                        queueFollowUp(following.sourceId(), "import-after-" + finished);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Registry source {} could not tell whether to follow the run of {}: {}", following.sourceId(), finished,
                            e.getClass().getSimpleName());
                }
            }
        }
    }

    /** Queues one run of the source (a second request while one waits is the same run). */
    private void queueFollowUp(String sourceId, String job) {
        queueFollowUp(sourceId, job, () -> true);
    }

    /** As above; {@code due} is asked again once the source's lease is held (another node may have run it meanwhile). */
    private void queueFollowUp(String sourceId, String job, java.util.function.BooleanSupplier due) {
        if (!followUpsQueued.add(sourceId)) {
            return;
        }
        try {
            followUps.execute(() -> {
                followUpsQueued.remove(sourceId);
                try {
                    LOG.info("Running registry source {} ({})", sourceId, job);
                    RegistrySource source = sources.get(sourceId);
                    if (source != null) {
                        runLocked(sourceId, source.fullSnapshot(), false, source::pull, no.ranselpost.audit.api.Actor.systemJob(job),
                                ImportActions.RUN, due);
                    }
                } catch (RuntimeException e) {
                    // already running, or gone: its own schedule brings it again
                    LOG.info("Follow-up run of {} not made: {}", sourceId, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            followUpsQueued.remove(sourceId);
        }
    }

    private synchronized void stopPickup() {
        if (pickup != null) {
            pickup.shutdownNow();
            pickup = null;
        }
    }

    /**
     * Runs every file source that has a new file waiting, as Ranselpost's own job, on the node
     * that takes the source's lease; first takes over the runs of a node that stopped, and
     * resumes a pulled run that was interrupted.
     */
    void pickUpNewFiles() {
        try {
            takeOverAbandoned(Set.copyOf(sources.keySet()));
        } catch (RuntimeException e) {
            LOG.warn("Checking for runs a stopped node left failed this time: {}", e.getClass().getSimpleName());
        }
        for (RegistrySource source : List.copyOf(sources.values())) {
            try {
                Optional<SourceRun> last = runs.history(source.sourceId(), 1).stream().findFirst();
                if (last.isPresent() && last.get().status() == SourceRun.Status.INTERRUPTED && INTERRUPTED_PULL.equals(last.get().message())) {
                    LOG.info("Run {} of registry source {} was interrupted: resuming it", last.get().id(), source.sourceId());
                    long interrupted = last.get().id();
                    queueFollowUp(source.sourceId(), "import-resume", () -> runs.history(source.sourceId(), 1).stream().findFirst()
                            .filter(r -> r.id() == interrupted && r.status() == SourceRun.Status.INTERRUPTED).isPresent());
                } else if (source instanceof FileImportSource files && files.hasNewFile()) {
                    LOG.info("A new file waits for registry source {}: running it", source.sourceId());
                    // on one node of several: the file may be gone (read by the node that held the lease) once the lease is ours
                    runLocked(source.sourceId(), source.fullSnapshot(), false, source::pull,
                            no.ranselpost.audit.api.Actor.systemJob("import-pickup"), ImportActions.RUN, files::hasNewFile);
                } else if (source instanceof FollowingSource following && following.runDue()) {
                    queueFollowUp(following.sourceId(), "import-schedule", following::runDue);
                }
            } catch (InvalidRequestException e) {
                // another node (or a run asked for here) runs the source now: its file is theirs
                LOG.debug("Pickup for {} not made: {}", source.sourceId(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Pickup for {} failed this time: {}", source.sourceId(), e.getClass().getSimpleName());
            }
        }
    }

    /** For tests. */
    public void setMassDeletionShare(double share) {
        massDeletionShare = share;
    }

    /** For tests: how many children or enrolment rows share a transaction (1: each its own). */
    public void setRecordsPerTransaction(int records) {
        recordsPerTransaction = Math.max(1, records);
    }

    /** One record's work inside a transaction it may share with others; {@code seen} takes the keys it covers. */
    @FunctionalInterface
    private interface Work<R> {
        Counts apply(javax.persistence.EntityManager em, R record, Set<String> seen);

        /** Reads up front, in the shared transaction, what applying these records will ask about. */
        default void prepare(javax.persistence.EntityManager em, List<R> records) {
        }
    }

    /** Record types capabilities bring, by type: the extension point of the registry SPI. */
    private final CapabilityRecords capabilityRecords = new CapabilityRecords();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindHandler(no.ranselpost.registry.api.CapabilityRecordHandler handler) {
        capabilityRecords.add(handler);
    }

    public void unbindHandler(no.ranselpost.registry.api.CapabilityRecordHandler handler) {
        capabilityRecords.remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindSource(RegistrySource source) {
        sources.put(source.sourceId(), source);
        LOG.info("Registry source '{}' available", source.sourceId());
    }

    public void unbindSource(RegistrySource source) {
        sources.remove(source.sourceId(), source);
        LOG.info("Registry source '{}' gone", source.sourceId());
    }

    @Override
    public Set<String> sources() {
        return new TreeSet<>(sources.keySet());
    }

    @Override
    public List<SourceInfo> sources(AuthenticatedPrincipal principal) {
        access.require(principal, ImportActions.READ, Target.NONE);
        return sourceInfos();
    }

    @Override
    public List<SourceInfo> sourceInfos() {
        List<SourceInfo> out = new ArrayList<>();
        new TreeSet<>(sources.keySet()).forEach(id -> out.add(new SourceInfo(id, SourceInfo.State.AVAILABLE,
                sources.get(id) instanceof FileImportSource, sources.get(id).getClass().getName(), null)));
        out.addAll(SourceFailures.of(scr, RegistrySource.class.getName()));
        // a token supplier (Maskinporten) that failed to start is what its sources will fail on: shown with them
        out.addAll(SourceFailures.of(scr, no.ranselpost.registry.api.AccessTokenSupplier.class.getName()));
        return out;
    }

    @Override
    public ImportRun run(AuthenticatedPrincipal principal, String sourceId) {
        access.require(principal, ImportActions.RUN, Target.NONE);
        return run(sourceId, no.ranselpost.audit.api.Actor.of(principal), ImportActions.RUN);
    }

    @Override
    public ImportRun upload(AuthenticatedPrincipal principal, String sourceId, java.io.InputStream file) {
        access.require(principal, ImportActions.UPLOAD, Target.source(sourceId));
        RegistrySource source = sources.get(sourceId);
        if (source == null) {
            throw new NoSuchObjectException("No registry source '" + sourceId + "' is installed; installed: " + sources());
        }
        if (!(source instanceof FileImportSource fileSource)) {
            throw new InvalidRequestException("Registry source '" + sourceId + "' does not read files");
        }
        java.nio.file.Path copy = null;
        try {
            copy = java.nio.file.Files.createTempFile("ranselpost-upload-", ".part");
            long max = fileSource.maxFileBytes();
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(copy)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = file.read(buffer)) > 0;) {
                    total += n;
                    if (total > max) {
                        throw new no.ranselpost.core.api.PayloadTooLargeException("The file is larger than the " + max + " bytes this source accepts");
                    }
                    out.write(buffer, 0, n);
                }
            }
            final java.nio.file.Path uploaded = copy;
            return runLocked(source, false, (sink, state) -> fileSource.pull(sink, state, uploaded),
                    no.ranselpost.audit.api.Actor.of(principal), ImportActions.UPLOAD);
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("The upload could not be read");
        } finally {
            if (copy != null) {
                try {
                    java.nio.file.Files.deleteIfExists(copy);
                } catch (java.io.IOException ignored) {
                    // a temp file left behind is removed by the OS
                }
            }
        }
    }

    /** The most records one push may carry. */
    static final int MAX_PUSHED_RECORDS = 200_000;

    @Override
    public ImportRun push(AuthenticatedPrincipal principal, String sourceId, boolean snapshot, List<?> records) {
        access.require(principal, ImportActions.PUSH, Target.source(sourceId));
        if (records == null) {
            throw new InvalidRequestException("A push carries a list of records (it may be empty)");
        }
        if (records.size() > MAX_PUSHED_RECORDS) {
            throw new no.ranselpost.core.api.PayloadTooLargeException("A push carries at most " + MAX_PUSHED_RECORDS + " records");
        }
        for (Object r : records) {
            if (!(r instanceof EnrolmentRecord || r instanceof EmploymentRecord || r instanceof ImportRun.Rejection
                    || r instanceof ImportRun.Notice)) {
                throw new InvalidRequestException("A push carries enrolments, employments, rejections or notices only");
            }
        }
        List<Object> copy = List.copyOf(records);
        return runLocked(sourceId, snapshot, false, (sink, st) -> {
            for (Object r : copy) {
                if (r instanceof EnrolmentRecord e) {
                    sink.enrolment(e);
                } else if (r instanceof EmploymentRecord e) {
                    sink.employment(e);
                } else if (r instanceof ImportRun.Rejection rejection) {
                    sink.reject(rejection.key(), rejection.reason());
                } else if (r instanceof ImportRun.Notice notice) {
                    sink.notice(notice.key(), notice.message());
                }
            }
        }, no.ranselpost.audit.api.Actor.of(principal), ImportActions.PUSH);
    }

    @Override
    public List<ImportRun> runs(AuthenticatedPrincipal principal, String sourceId, int max) {
        access.require(principal, ImportActions.STATUS, Target.source(sourceId));
        return history(sourceId, max);
    }

    @Override
    public ImportRun confirm(AuthenticatedPrincipal principal, String sourceId, long heldRunId) {
        access.require(principal, ImportActions.CONFIRM, Target.NONE);
        return confirmAsJob(sourceId, heldRunId, no.ranselpost.audit.api.Actor.of(principal));
    }

    /**
     * Applies exactly the input the held run read, kept with it in the database; refuses when
     * the run is not held, its input is not kept (a source that reads no files), or a newer run
     * of the source has run since (its snapshot would be older than what is applied now).
     */
    @Override
    public ImportRun confirmAsJob(String sourceId, long heldRunId, no.ranselpost.audit.api.Actor actor) {
        SourceRun held = runs.run(heldRunId).filter(r -> r.sourceId().equals(sourceId))
                .orElseThrow(() -> new NoSuchObjectException("No run " + heldRunId + " of " + sourceId));
        if (held.status() != SourceRun.Status.HELD) {
            throw new InvalidRequestException("Run " + heldRunId + " is " + held.status() + ", not HELD: only a held run can be confirmed");
        }
        boolean newer = runs.history(sourceId, 100).stream().anyMatch(r -> r.id() != heldRunId && r.startedAt().isAfter(held.startedAt())
                && r.status() != SourceRun.Status.FAILED
                && r.status() != SourceRun.Status.INTERRUPTED);
        if (newer) {
            throw new InvalidRequestException("A newer run of " + sourceId + " has run since run " + heldRunId
                    + ": confirm the newest held run instead");
        }
        List<Object> heldInput = HeldInputs.restore(tx, heldRunId)
                .orElseThrow(() -> new InvalidRequestException("The input of run " + heldRunId + " is not kept: run the source again"));
        // only a full snapshot is ever held; a pushed one needs no adapter installed to be confirmed
        ImportRun applied = runLocked(sourceId, true, true, (sink, st) -> HeldInputs.replay(heldInput, sink), actor, ImportActions.CONFIRM);
        if (applied.status() != ImportRun.Status.FAILED) {
            runs.mark(heldRunId, SourceRun.Status.CONFIRMED, "Confirmed: its input was applied by run " + applied.id());
            HeldInputs.drop(tx, heldRunId);
        }
        return applied;
    }

    @Override
    public List<ImportRun> history(AuthenticatedPrincipal principal, String sourceId, int max) {
        access.require(principal, ImportActions.READ, Target.NONE);
        return history(sourceId, max);
    }

    @Override
    public Map<String, String> state(AuthenticatedPrincipal principal, String sourceId) {
        access.require(principal, ImportActions.READ, Target.NONE);
        return state.all(sourceId);
    }

    @Override
    public void resetState(AuthenticatedPrincipal principal, String sourceId) {
        access.require(principal, ImportActions.RUN, Target.NONE);
        resetAsJob(sourceId, no.ranselpost.audit.api.Actor.of(principal));
    }

    @Override
    public void resetAsJob(String sourceId, no.ranselpost.audit.api.Actor actor) {
        if (!sources.containsKey(sourceId)) {
            throw new NoSuchObjectException("No registry source '" + sourceId + "' is installed; installed: " + sources());
        }
        tx.run(em -> {
            List<no.ranselpost.persistence.entity.SourceStateEntity> rows = em.createQuery(
                    "select s from SourceStateEntity s where s.sourceId = :s", no.ranselpost.persistence.entity.SourceStateEntity.class)
                    .setParameter("s", sourceId).getResultList();
            // the reset itself, with who asked for it, and each state row it removes
            audit.change(em, actor, RESET, "source", 0, null, no.ranselpost.audit.api.AuditCodes.require("source", sourceId));
            for (no.ranselpost.persistence.entity.SourceStateEntity row : rows) {
                audit.change(em, actor, RESET, "source-state", row.getId(), null, null);
                em.remove(row);
            }
        });
        LOG.info("State of registry source {} reset: its next run starts afresh", sourceId);
    }

    @Override
    public List<ImportRun> history(String sourceId, int max) {
        return runs.history(sourceId, Math.max(1, Math.min(max, 100))).stream()
                .map(r -> toRun(r, reports(r.id(), REJECTED), reports(r.id(), NOTICE))).toList();
    }

    private static final String REJECTED = "REJECTED";
    /** The audit code of a reset of a source's state. */
    static final String RESET = "imports.source.reset";
    private static final String NOTICE = "NOTICE";

    private List<ImportRun.Rejection> reports(long runId, String kind) {
        return tx.inTransaction(em -> em.createQuery("select r from SourceRejectionEntity r where r.runId = :run and r.kind = :kind "
                        + "order by r.id", SourceRejectionEntity.class).setParameter("run", runId).setParameter("kind", kind)
                .setMaxResults(1000).getResultList().stream()
                .map(r -> new ImportRun.Rejection(r.getRecordKey(), r.getReason())).toList());
    }

    private static ImportRun toRun(SourceRun r, List<ImportRun.Rejection> rejections, List<ImportRun.Rejection> notices) {
        return new ImportRun(r.id(), r.sourceId(), ImportRun.Status.valueOf(r.status().name()), r.startedAt(), r.finishedAt(), r.created(),
                r.updated(), r.ended(), r.unchanged(), r.rejected(), r.message(), rejections, notices);
    }

    /** Runs a source as Ranselpost's own job (the shell, schedules). One run of a source at a time. */
    @Override
    public ImportRun runAsJob(String sourceId, no.ranselpost.audit.api.Actor actor) {
        return run(sourceId, actor, ImportActions.RUN);
    }

    private ImportRun run(String sourceId, no.ranselpost.audit.api.Actor actor, String action) {
        RegistrySource source = sources.get(sourceId);
        if (source == null) {
            String failed = sourceInfos().stream().filter(i -> i.state() == SourceInfo.State.FAILED)
                    .map(i -> i.component() + ": " + i.reason()).reduce((a, b) -> a + "; " + b).map(f -> "; failed to start: " + f)
                    .orElse("");
            throw new NoSuchObjectException("No registry source '" + sourceId + "' is installed; installed: " + sources() + failed);
        }
        return runLocked(source, false, source::pull, actor, action);
    }

    /** How a run reads its source: the regular pull, or one uploaded file. */
    @FunctionalInterface
    private interface Reading {
        void read(ImportSink sink, RegistrySource.StateView state) throws Exception;
    }

    private ImportRun runLocked(RegistrySource source, boolean allowMassEnd, Reading reading, no.ranselpost.audit.api.Actor actor,
                                String action) {
        return runLocked(source.sourceId(), source.fullSnapshot(), allowMassEnd, reading, actor, action);
    }

    /** One run of a source at a time, whether a file, a pull or a push brings its records. */
    private ImportRun runLocked(String sourceId, boolean snapshot, boolean allowMassEnd, Reading reading,
                                no.ranselpost.audit.api.Actor actor, String action) {
        return runLocked(sourceId, snapshot, allowMassEnd, reading, actor, action, () -> true);
    }

    /**
     * One run at a time on this node (a lock) and on every node (the source's lease, renewed
     * while the run goes). {@code due} is asked again once the lease is held (another node may have
     * run it meanwhile): null when it says no.
     */
    private ImportRun runLocked(String sourceId, boolean snapshot, boolean allowMassEnd, Reading reading,
                                no.ranselpost.audit.api.Actor actor, String action, java.util.function.BooleanSupplier due) {
        ReentrantLock lock = running.computeIfAbsent(sourceId, s -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new InvalidRequestException("A run of '" + sourceId + "' is already going");
        }
        ImportRun finished;
        try {
            if (leases == null) {
                // one node: what was due when asked is still due
                finished = execute(sourceId, snapshot, allowMassEnd, reading, actor, action, () -> true);
            } else {
                Optional<Optional<ImportRun>> held = leases.holding(LEASE_PREFIX + sourceId, lease -> {
                    // a run still RUNNING now was cut off on a node that stopped: this run resumes it
                    interruptRunning(sourceId);
                    return Optional.ofNullable(due.getAsBoolean()
                            ? execute(sourceId, snapshot, allowMassEnd, reading, actor, action, lease::held) : null);
                });
                if (held.isEmpty()) {
                    throw new InvalidRequestException("A run of '" + sourceId + "' is already going on another node");
                }
                finished = held.get().orElse(null);
            }
        } finally {
            lock.unlock();
        }
        if (finished != null) {
            followUp(sourceId);
        }
        return finished;
    }

    private ImportRun execute(String sourceId, boolean snapshot, boolean allowMassEnd, Reading reading, no.ranselpost.audit.api.Actor actor,
                              String action, java.util.function.BooleanSupplier leaseHeld) {
        // what an interrupted run before this one left is resumed: its applied records stay, the position is where it stopped
        Optional<SourceRun> previous = runs.history(sourceId, 1).stream().findFirst();
        String resumes = previous.filter(p -> p.status() == SourceRun.Status.INTERRUPTED)
                .map(p -> "Resumes run " + p.id() + ", which was interrupted. ").orElse("");
        // the run and who started it are recorded together
        SourceRun run = tx.inTransaction(em -> {
            SourceRun started = runs.start(em, sourceId);
            audit.change(em, actor, action, "source-run", started.id(), null, null);
            return started;
        });
        if (ImportActions.RUN.equals(action)) {
            // a run that reads its source: if its node stops, the node that takes the lease resumes it
            runs.mark(run.id(), SourceRun.Status.RUNNING, PULLING);
        }
        // what a full snapshot hands is kept, so that a held run can be confirmed with exactly this input
        List<Object> handed = snapshot ? new ArrayList<>() : null;
        Reconciler reconciler = new Reconciler(audit, ids, sourceId, clock.today(), clock.nowUtc());
        Counts counts = new Counts();
        List<ImportRun.Rejection> rejections = new ArrayList<>();
        List<ImportRun.Rejection> notices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> seenEmployments = new HashSet<>();
        no.ranselpost.registry.api.CapabilityRecordHandler.Run capabilityRun = new no.ranselpost.registry.api.CapabilityRecordHandler.Run(
                sourceId, run.id());
        CapabilityRecords.Seen seenRecords = capabilityRecords.seen();
        final int perTransaction = recordsPerTransaction;
        class BatchingSink implements ImportSink {
            private int applied;
            /** Enrolment rows handed but not yet applied: applied together, before anything else the source hands. */
            private final List<EnrolmentRecord> pendingEnrolments = new ArrayList<>();

            @Override
            public boolean child(ChildRecord record) {
                flushPending();
                keep(record);
                return apply(record.key(), () -> tx.inTransaction(em -> reconciler.apply(em, record)));
            }

            @Override
            public List<Boolean> children(List<ChildRecord> records) {
                flushPending();
                records.forEach(this::keep);
                return applyAll(records, ChildRecord::key, new Work<ChildRecord>() {
                    @Override
                    public Counts apply(javax.persistence.EntityManager em, ChildRecord r, Set<String> mine) {
                        return reconciler.apply(em, r);
                    }

                    @Override
                    public void prepare(javax.persistence.EntityManager em, List<ChildRecord> batch) {
                        reconciler.prefetchChildren(em, batch);
                    }
                }, null);
            }

            @Override
            public void enrolment(EnrolmentRecord record) {
                keep(record);
                pendingEnrolments.add(record);
                if (pendingEnrolments.size() >= perTransaction) {
                    flushPending();
                }
            }

            /** Applies the enrolment rows handed so far; a row's keys count as seen only when it was applied. */
            void flushPending() {
                if (pendingEnrolments.isEmpty()) {
                    return;
                }
                List<EnrolmentRecord> rows = List.copyOf(pendingEnrolments);
                pendingEnrolments.clear();
                applyAll(rows, EnrolmentRecord::key, new Work<EnrolmentRecord>() {
                    @Override
                    public Counts apply(javax.persistence.EntityManager em, EnrolmentRecord r, Set<String> mine) {
                        return reconciler.apply(em, r, mine);
                    }

                    @Override
                    public void prepare(javax.persistence.EntityManager em, List<EnrolmentRecord> batch) {
                        reconciler.prefetchEnrolments(em, batch);
                    }
                }, seen);
            }

            /**
             * Applies the records in transactions of up to {@code perTransaction} records. When one
             * fails, its transaction rolls back whole; the records before it are applied together
             * again, and it is applied alone in a transaction of its own, rejected with its reason
             * if it fails there too. Every record's outcome is the one it would have had alone.
             */
            private <R> List<Boolean> applyAll(List<R> records, java.util.function.Function<R, String> key, Work<R> work,
                                               Set<String> seenInto) {
                List<Boolean> outcome = new ArrayList<>(java.util.Collections.nCopies(records.size(), Boolean.FALSE));
                int start = 0;
                int limit = records.size();
                int singlesUntil = 0;
                while (start < records.size()) {
                    int end = Math.min(limit, Math.min(records.size(), start + perTransaction));
                    if (end - start == 1 || start < singlesUntil) {
                        R r = records.get(start);
                        Set<String> mine = new HashSet<>();
                        outcome.set(start, apply(key.apply(r), () -> tx.inTransaction(em -> work.apply(em, r, mine))));
                        if (outcome.get(start) && seenInto != null) {
                            seenInto.addAll(mine);
                        }
                        start++;
                        limit = records.size();
                        continue;
                    }
                    final int from = start;
                    final int to = end;
                    int[] failedAt = {-1};
                    List<Counts> done = new ArrayList<>(to - from);
                    List<Set<String>> keys = new ArrayList<>(to - from);
                    try {
                        tx.inTransaction(em -> {
                            work.prepare(em, records.subList(from, to));
                            for (int i = from; i < to; i++) {
                                failedAt[0] = i;
                                Set<String> mine = new HashSet<>();
                                done.add(work.apply(em, records.get(i), mine));
                                keys.add(mine);
                            }
                            failedAt[0] = -1;
                            return null;
                        });
                    } catch (RuntimeException e) {
                        if (failedAt[0] > from) {
                            // the ones before the failing record together again, then the failing one alone
                            limit = failedAt[0];
                        } else if (failedAt[0] == from) {
                            // the first one failed: it alone, then on together
                            limit = from + 1;
                        } else {
                            // the commit failed: each of these alone
                            singlesUntil = to;
                        }
                        continue;
                    }
                    for (int i = from; i < to; i++) {
                        counts.add(done.get(i - from));
                        if (seenInto != null) {
                            seenInto.addAll(keys.get(i - from));
                        }
                        outcome.set(i, Boolean.TRUE);
                        progressed();
                    }
                    start = to;
                    limit = records.size();
                }
                return outcome;
            }

            private void progressed() {
                if (++applied % progressEvery == 0) {
                    runs.progress(run.id(), counts(counts));
                }
            }

            @Override
            public void contact(ContactRecord record) {
                flushPending();
                keep(record);
                apply(record.key(), () -> tx.inTransaction(em -> reconciler.apply(em, record)));
            }

            @Override
            public void employment(EmploymentRecord record) {
                flushPending();
                keep(record);
                Set<String> mine = new HashSet<>();
                apply(record.key(), () -> tx.inTransaction(em -> reconciler.apply(em, record, mine)));
                seenEmployments.addAll(mine);
            }

            @Override
            public void record(no.ranselpost.registry.api.CapabilityRecord record) {
                flushPending();
                keep(record);
                apply(record.key(), () -> capabilityRecords.apply(capabilityRun, record, seenRecords));
            }

            private boolean apply(String key, java.util.function.Supplier<Counts> work) {
                if (!leaseHeld.getAsBoolean()) {
                    // the lease ran out (this node stalled): another node may run the source now; stop before this record
                    throw new no.ranselpost.persistence.api.Leases.LeaseLostException(LEASE_PREFIX + sourceId);
                }
                boolean ok = false;
                try {
                    counts.add(work.get());
                    ok = true;
                } catch (RejectedRecordException e) {
                    reject(key, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("Record {} of {} failed: {}", safeKey(key), sourceId, e.getClass().getName());
                    reject(key, "could not be applied (" + e.getClass().getSimpleName() + ")");
                }
                progressed();
                return ok;
            }

            @Override
            public void reject(String key, String reason) {
                flushPending();
                counts.rejected++;
                rejections.add(new ImportRun.Rejection(safeKey(key), reason == null ? "rejected" : reason));
            }

            @Override
            public void notice(String key, String message) {
                flushPending();
                notices.add(new ImportRun.Rejection(safeKey(key), message == null ? "notice" : message));
            }

            @Override
            public void state(String key, String value) {
                flushPending();
                state.put(sourceId, key, value);
            }

            @Override
            public void state(Map<String, String> values) {
                flushPending();
                state.putAll(sourceId, values);
            }

            @Override
            public void protect(String nationalId) {
                flushPending();
                try {
                    tx.run(em -> reconciler.protect(em, nationalId));
                } catch (RuntimeException e) {
                    // failing closed failed: the run cannot vouch for what it leaves behind
                    throw new IllegalStateException("Could not fail closed for a person the source could not describe", e);
                }
            }

            private void keep(Object record) {
                if (handed != null) {
                    handed.add(record);
                }
            }
        }
        BatchingSink sink = new BatchingSink();
        SourceRun.Status status = SourceRun.Status.SUCCEEDED;
        String message = null;
        try {
            try {
                reading.read(sink, key -> state.get(sourceId, key));
            } finally {
                // what the source handed before it finished (or failed) is applied, as it would have been one by one
                sink.flushPending();
            }
            if (snapshot) {
                List<Long> goneEnrolments = tx.inTransaction(em -> reconciler.goneFrom(em, Reconciler.Period.ENROLMENT, seen));
                long enrolments = tx.inTransaction(em -> reconciler.current(em, Reconciler.Period.ENROLMENT));
                List<Long> goneEmployments = tx.inTransaction(em -> reconciler.goneFrom(em, Reconciler.Period.EMPLOYMENT, seenEmployments));
                long employments = tx.inTransaction(em -> reconciler.current(em, Reconciler.Period.EMPLOYMENT));
                // the record types capabilities bring, of the types this run handed: the same hold, the same rule on rejections
                CapabilityRecords.Gone goneRecords = capabilityRecords.gone(capabilityRun, seenRecords);
                boolean hold = !allowMassEnd && (goneEnrolments.size() > massDeletionShare * enrolments
                        || goneEmployments.size() > massDeletionShare * employments || goneRecords.exceeds(massDeletionShare));
                if (counts.rejected > 0 && !(goneEnrolments.isEmpty() && goneEmployments.isEmpty() && goneRecords.isEmpty())) {
                    // a rejected row is not a row that disappeared: end nothing until the file is whole again
                    message = counts.rejected + " record(s) rejected: nothing that disappeared from the snapshot was ended ("
                            + goneEnrolments.size() + " enrolments, " + goneEmployments.size() + " employments"
                            + (goneRecords.isEmpty() ? "" : ", " + goneRecords.describe()) + "); fix them and run again";
                    LOG.warn("Import of {}: {}", sourceId, message);
                } else if (hold) {
                    status = SourceRun.Status.HELD;
                    message = goneEnrolments.size() + " of " + enrolments + " enrolments and " + goneEmployments.size() + " of " + employments
                            + " employments" + (goneRecords.isEmpty() ? "" : " and " + goneRecords.describe())
                            + " would end: held for a SYSTEM_ADMIN to confirm";
                    LOG.warn("Import of {} held: {}", sourceId, message);
                } else {
                    for (Long id : goneEnrolments) {
                        tx.run(em -> reconciler.endGone(em, Reconciler.Period.ENROLMENT, id));
                        counts.ended++;
                    }
                    for (Long id : goneEmployments) {
                        tx.run(em -> reconciler.endGone(em, Reconciler.Period.EMPLOYMENT, id));
                        counts.ended++;
                    }
                    counts.ended += capabilityRecords.endGone(capabilityRun, goneRecords);
                }
            }
        } catch (no.ranselpost.persistence.api.Leases.LeaseLostException e) {
            // left RUNNING: the node that holds the lease now interrupts it and resumes from its last stored position
            LOG.warn("Import of {} stopped: {}", sourceId, e.getMessage());
            runs.progress(run.id(), counts(counts));
            return toRun(runs.run(run.id()).orElse(run), rejections, notices);
        } catch (FileImportSource.UnreadableFileException e) {
            // the whole file is unusable: nothing of it was applied
            status = SourceRun.Status.FAILED;
            message = "The file could not be read: " + e.getMessage();
            LOG.warn("Import of {}: file not read ({})", sourceId, e.getMessage());
        } catch (Exception e) {
            status = SourceRun.Status.FAILED;
            message = "The source failed: " + e.getClass().getSimpleName();
            LOG.error("Import of {} failed", sourceId, e);
        }
        if (status == SourceRun.Status.SUCCEEDED && counts.rejected > 0) {
            int applied = counts.created + counts.updated + counts.unchanged + counts.ended;
            if (applied == 0) {
                status = SourceRun.Status.FAILED;
                message = join(message, "every record (" + counts.rejected + ") was rejected: nothing was applied");
            } else {
                status = SourceRun.Status.PARTIAL;
                message = join(message, counts.rejected + " record(s) rejected, the rest applied: see the rejections");
            }
        }
        if (status == SourceRun.Status.HELD) {
            HeldInputs.keep(tx, run.id(), handed);
            message = message + " (its input is kept with the run: confirming run " + run.id() + " applies exactly that)";
        }
        message = resumes.isEmpty() ? message : join(resumes.strip(), message);
        storeReports(run.id(), rejections, REJECTED);
        storeReports(run.id(), notices, NOTICE);
        SourceRun finished = runs.finish(run.id(), status, counts(counts), message);
        LOG.info("Import of {} {}: created {}, updated {}, ended {}, unchanged {}, rejected {}", sourceId, status, counts.created,
                counts.updated, counts.ended, counts.unchanged, counts.rejected);
        return toRun(finished, rejections, notices);
    }

    private static String join(String a, String b) {
        return a == null || a.isBlank() ? b : b == null || b.isBlank() ? a : a + "; " + b;
    }

    private void storeReports(long runId, List<ImportRun.Rejection> reports, String kind) {
        if (reports.isEmpty()) {
            return;
        }
        tx.run(em -> {
            for (ImportRun.Rejection r : reports) {
                SourceRejectionEntity e = new SourceRejectionEntity();
                e.setRunId(runId);
                e.setKind(kind);
                e.setRecordKey(r.key());
                e.setReason(r.reason().length() > 500 ? r.reason().substring(0, 500) : r.reason());
                em.persist(e);
            }
        });
    }

    private static SourceRun.Counts counts(Counts c) {
        return new SourceRun.Counts(c.created, c.updated, c.ended, c.unchanged, c.rejected);
    }

    static String safeKey(String key) {
        if (key == null || !KEY.matcher(key).matches() || ELEVEN_DIGITS.matcher(key).find()) {
            return "(key withheld)";
        }
        return key;
    }
}
