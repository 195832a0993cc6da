package no.ranselpost.registry.krr.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.registry.api.AccessTokenSupplier;
import no.ranselpost.registry.api.ContactRecord;
import no.ranselpost.registry.api.ContactRegisterStatus;
import no.ranselpost.registry.api.FollowingSource;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * The contact register (KRR) as a registry source. A run looks up, in batches of at most
 * 1000, every guardian the register has not answered about within {@code refreshAfterMinutes}
 * (a guardian an import has just added was never looked up, so comes first in the next run),
 * and hands one contact record per person to the engine, which applies each whole or rejects
 * it with its reason: whom KRR names gets its answer, whom it does not name is stored as
 * NOT_FOUND and loses its contact data, like SLETTET and IKKE_REGISTRERT. A batch that fails
 * (after the retries) fails the run; the persons of earlier batches stay applied, each whole,
 * and the others stay due. The engine runs it after every import of another source that added
 * a guardian not yet looked up, and at most every {@code scheduleMinutes} while anyone is due.
 */
@Component(service = RegistrySource.class, configurationPid = KrrSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = RegistrySource.SOURCE_ID + "=" + KrrSource.SOURCE_ID_KRR)
@Designate(ocd = KrrSettings.class, factory = true)
public class KrrSource implements FollowingSource {

    static final String SOURCE_ID_KRR = "krr";
    private static final Logger LOG = LoggerFactory.getLogger(KrrSource.class);

    private final KrrConfig config;
    private final KrrClient client;
    private final Guardians guardians;
    private final OsloClock clock;
    private final KrrMapper mapper = new KrrMapper();
    /** When the last run started (the schedule counts from it; from activation before the first). */
    private volatile Instant lastStart;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccessTokenSupplier tokenSupplier;

    @Activate
    public KrrSource(@Reference Transactions tx, @Reference OsloClock clock, KrrSettings settings) {
        this.config = KrrConfig.of(settings);
        String fixed = settings._staticToken();
        Tokens tokens = fixed == null || fixed.isBlank() ? Tokens.from(() -> tokenSupplier, config.scope()) : Tokens.fixed(fixed);
        this.client = new KrrClient(config, tokens);
        this.guardians = new Guardians(tx);
        this.clock = clock;
        this.lastStart = clock.instant();
    }

    public KrrSource(Transactions tx, KrrConfig config, Tokens tokens, OsloClock clock) {
        this.config = config;
        this.client = new KrrClient(config, tokens);
        this.guardians = new Guardians(tx);
        this.clock = clock;
        this.lastStart = clock.instant();
    }

    @Override
    public String sourceId() {
        return SOURCE_ID_KRR;
    }

    @Override
    public boolean fullSnapshot() {
        return false;
    }

    private OffsetDateTime dueBefore() {
        return clock.nowUtc().minus(config.refreshAfter());
    }

    @Override
    public boolean runAfter(String finishedSourceId) {
        return guardians.anyNeverLookedUp();
    }

    @Override
    public boolean runDue() {
        if (config.schedule().isZero() || clock.instant().isBefore(lastStart.plus(config.schedule()))) {
            return false;
        }
        return guardians.anyDue(dueBefore());
    }

    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        lastStart = clock.instant();
        // refresh 0: everyone; otherwise whoever was not answered about within the refresh interval
        OffsetDateTime since = config.refreshAfter().isZero() ? clock.nowUtc().plusYears(1000) : dueBefore();
        List<String> due = guardians.due(since);
        int batches = (due.size() + config.batchSize() - 1) / config.batchSize();
        LOG.info("KRR: looking up {} guardians in {} batch(es)", due.size(), batches);
        int n = 0;
        for (int b = 0; b < batches; b++) {
            List<String> batch = due.subList(b * config.batchSize(), Math.min(due.size(), (b + 1) * config.batchSize()));
            Map<String, JsonNode> answers = new HashMap<>();
            for (JsonNode p : client.lookup(batch)) {
                JsonNode id = p.get("personidentifikator");
                if (id != null && id.isTextual()) {
                    answers.putIfAbsent(id.asText(), p);
                }
            }
            for (String id : batch) {
                String key = "batch " + (b + 1) + " #" + (++n);
                JsonNode p = answers.get(id);
                if (p == null) {
                    sink.contact(ContactRecord.unknown(key, id, ContactRegisterStatus.NOT_FOUND));
                    continue;
                }
                ContactRecord record;
                try {
                    record = mapper.record(key, id, p);
                } catch (KrrMapper.Unreadable e) {
                    sink.reject(key, "unreadable KRR entry: " + e.getMessage() + " (nothing of it applied; looked up again next run)");
                    continue;
                }
                sink.contact(record);
            }
        }
    }
}
