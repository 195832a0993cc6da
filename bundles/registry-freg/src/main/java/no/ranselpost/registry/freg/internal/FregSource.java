package no.ranselpost.registry.freg.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.api.ResponsibilityRecord;
import no.ranselpost.registry.api.WardshipRecord;
import no.ranselpost.registry.freg.internal.FregClient.FeedItem;
import no.ranselpost.registry.freg.internal.FregClient.Lookup;

/**
 * Folkeregisteret as a registry source. The first run reads the newest sequence number, then
 * looks up every followed child and the adults its current foreldreansvar and vergemål name,
 * and stores next-to-read = newest + 1. Later runs first describe followed children no registry
 * has described yet, then follow the feed from the stored position: events about anyone
 * Ranselpost does not follow are dropped before anything is fetched; an event about a followed
 * child, or an adult linked to one, re-imports that child whole (the engine is idempotent). The
 * position is stored after each page, so a failed run resumes where it stopped.
 */
@Component(service = RegistrySource.class, configurationPid = FregSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = RegistrySource.SOURCE_ID + "=" + FregSource.SOURCE_ID_FREG)
@Designate(ocd = FregSettings.class, factory = true)
public class FregSource implements RegistrySource {

    static final String SOURCE_ID_FREG = "freg";
    /** The source state key: the next feed sequence number to read (inclusive). */
    public static final String NEXT_SEQ = "nextSeq";
    /**
     * The source state keys {@code retry.0}, {@code retry.1}, ...: the internal ids of followed
     * children the position has passed without applying them; every run retries them first.
     * Stored in the same transaction as the position.
     */
    public static final String RETRY = "retry";
    private static final int RETRY_CHUNK = 3900;
    private static final String PROTECTION_EVENT = "endringIAdressebeskyttelse";

    private static final Logger LOG = LoggerFactory.getLogger(FregSource.class);

    private final FregConfig config;
    private final FregClient client;
    private final FollowedPeople people;
    private final FregMapper mapper = new FregMapper();

    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile no.ranselpost.registry.api.AccessTokenSupplier tokenSupplier;

    @Activate
    public FregSource(@Reference Transactions tx, @Reference no.ranselpost.core.api.time.OsloClock clock, FregSettings settings) {
        this.config = FregConfig.of(settings);
        String fixed = settings._staticToken();
        String scope = settings.scope() == null || settings.scope().isBlank() ? "folkeregister:deling/offentligmedhjemmel" : settings.scope().strip();
        this.client = new FregClient(config, fixed == null || fixed.isBlank() ? TokenSupplier.from(() -> tokenSupplier, scope)
                : TokenSupplier.fixed(fixed));
        this.people = new FollowedPeople(tx, config.followUnits(), clock);
    }

    public FregSource(Transactions tx, FregConfig config, TokenSupplier tokens, no.ranselpost.core.api.time.OsloClock clock) {
        this.config = config;
        this.client = new FregClient(config, tokens);
        this.people = new FollowedPeople(tx, config.followUnits(), clock);
    }

    @Override
    public String sourceId() {
        return SOURCE_ID_FREG;
    }

    @Override
    public boolean fullSnapshot() {
        return false;
    }

    @Override
    public void pull(ImportSink sink, StateView state) throws Exception {
        Optional<String> stored = state.get(NEXT_SEQ);
        if (stored.isEmpty()) {
            snapshot(sink);
            return;
        }
        long next;
        try {
            next = Long.parseLong(stored.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("The stored FREG position is not a number");
        }
        // what an earlier run passed without applying comes first, for as long as it is followed
        Set<String> followed = people.children();
        Set<String> retry = new LinkedHashSet<>(people.nationalIdsOf(retryList(state)));
        retry.retainAll(followed);
        Set<String> failed = new LinkedHashSet<>();
        if (!retry.isEmpty()) {
            LOG.info("FREG: retrying {} children an earlier run could not apply", retry.size());
            failed.addAll(importChildren(sink, retry, "retry"));
            sink.state(retryState(failed));
        }
        Set<String> newcomers = people.childrenNotYetDescribed();
        newcomers.removeAll(retry);
        if (!newcomers.isEmpty()) {
            // a newcomer that fails is described again next run anyway (it is still undescribed)
            LOG.info("FREG: describing {} followed children enrolled since the last run", newcomers.size());
            importChildren(sink, newcomers, "new child");
        }
        follow(sink, next, failed);
    }

    /** The internal ids the retry keys hold. */
    private static List<Long> retryList(StateView state) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; ; i++) {
            Optional<String> chunk = state.get(RETRY + "." + i);
            if (chunk.isEmpty()) {
                return ids;
            }
            for (String id : chunk.get().split(",")) {
                if (!id.isBlank()) {
                    try {
                        ids.add(Long.parseLong(id.strip()));
                    } catch (NumberFormatException ignored) {
                        // not ours: dropped
                    }
                }
            }
        }
    }

    /**
     * The retry keys for these children (by internal id, never a national id), and the removal
     * of any higher key an earlier, longer list left.
     */
    private Map<String, String> retryState(Set<String> failedChildren) {
        Map<String, Long> ids = people.idsOf(failedChildren);
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String child : failedChildren) {
            Long id = ids.get(child);
            if (id == null) {
                continue; // not stored at all: the next run describes it as a newcomer
            }
            if (current.length() + 20 > RETRY_CHUNK) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            current.append(current.length() == 0 ? "" : ",").append(id);
        }
        if (current.length() > 0) {
            chunks.add(current.toString());
        }
        Map<String, String> state = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            state.put(RETRY + "." + i, chunks.get(i));
        }
        for (int i = chunks.size(); i < chunks.size() + 64; i++) {
            state.put(RETRY + "." + i, null);
        }
        return state;
    }

    private void snapshot(ImportSink sink) throws Exception {
        // the position first: what changes while the snapshot is read comes again through the feed
        long last = client.latestSequence();
        Set<String> children = people.children();
        LOG.info("FREG: first run, snapshot of {} followed children, feed from {}", children.size(), last + 1);
        Set<String> failed = importChildren(sink, children, "snapshot");
        Map<String, String> state = retryState(failed);
        state.put(NEXT_SEQ, Long.toString(last + 1));
        sink.state(state);
    }

    private void follow(ImportSink sink, long from, Set<String> failed) throws Exception {
        // whom Ranselpost follows, read once for the run (a child enrolled meanwhile is described as a newcomer next run)
        Set<String> followed = people.children();
        long next = from;
        long events = 0;
        long concerned = 0;
        while (true) {
            List<FeedItem> page = client.feed(next);
            if (page.isEmpty()) {
                break;
            }
            Set<String> children = concerned(page, followed);
            long first = page.get(0).sequence();
            long last = page.get(page.size() - 1).sequence();
            // fail closed first: whoever a protection event names keeps no address until applied
            List<String> protectionNamed = page.stream().filter(item -> PROTECTION_EVENT.equals(item.type()))
                    .map(FeedItem::personId).filter(java.util.Objects::nonNull).toList();
            if (!protectionNamed.isEmpty()) {
                Set<String> followedOrLinked = new LinkedHashSet<>(children);
                people.childrenOf(protectionNamed).keySet().forEach(followedOrLinked::add);
                for (String named : protectionNamed) {
                    if (followedOrLinked.contains(named)) {
                        sink.protect(named);
                    }
                }
            }
            failed.addAll(importChildren(sink, children, "seq " + first + "-" + last));
            events += page.size();
            concerned += children.size();
            next = last + 1;
            // the position moves only together with the list of what it passed without applying
            Map<String, String> state = retryState(failed);
            state.put(NEXT_SEQ, Long.toString(next));
            sink.state(state);
        }
        LOG.info("FREG: followed the feed to {}: {} events, {} children re-imported", next, events, concerned);
    }

    /** The followed children a page concerns, from the database only: nobody else is looked up. */
    private Set<String> concerned(List<FeedItem> page, Set<String> followed) {
        Set<String> children = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (FeedItem item : page) {
            String id = item.personId();
            if (id == null) {
                continue;
            }
            if (followed.contains(id)) {
                children.add(id);
            } else {
                others.add(id);
            }
        }
        if (!others.isEmpty()) {
            for (Set<String> linked : people.childrenOf(others).values()) {
                for (String child : linked) {
                    if (followed.contains(child)) {
                        children.add(child);
                    }
                }
            }
        }
        return children;
    }

    /**
     * Looks up the children and the adults their records need, batch by batch, and hands one
     * record per child. A child that cannot be applied fails closed (its and its guardians'
     * addresses go, they are treated as protected) and is returned for the retry list.
     */
    private Set<String> importChildren(ImportSink sink, Collection<String> childIds, String keyPrefix) throws Exception {
        Set<String> failed = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(childIds);
        int n = 0;
        for (int i = 0; i < all.size(); i += config.batchSize()) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + config.batchSize()));
            Map<String, JsonNode> childDocs = lookup(batch);
            Set<String> adults = new LinkedHashSet<>();
            Map<String, String> unreadable = new HashMap<>();
            for (String id : batch) {
                JsonNode doc = childDocs.get(id);
                if (doc == null) {
                    continue;
                }
                try {
                    adults.addAll(mapper.adultsNeeded(doc, id));
                } catch (FregMapper.Unreadable e) {
                    unreadable.put(id, e.getMessage());
                }
            }
            Map<String, JsonNode> adultDocs = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (String a : adults) {
                if (childDocs.containsKey(a)) {
                    adultDocs.put(a, childDocs.get(a));
                } else {
                    missing.add(a);
                }
            }
            for (int j = 0; j < missing.size(); j += config.batchSize()) {
                adultDocs.putAll(lookup(missing.subList(j, Math.min(missing.size(), j + config.batchSize()))));
            }
            List<ChildRecord> records = new ArrayList<>();
            List<String> recordIds = new ArrayList<>();
            for (String id : batch) {
                String key = keyPrefix + " #" + (++n);
                String reason = null;
                ChildRecord record = null;
                JsonNode doc = childDocs.get(id);
                if (unreadable.containsKey(id)) {
                    reason = "unreadable person document: " + unreadable.get(id);
                } else if (doc == null) {
                    reason = "FREG gave no person document for the child";
                } else {
                    try {
                        record = record(key, id, doc, adultDocs);
                        if (record == null) {
                            reason = "FREG gave no person document for a holder of parental responsibility or a verge";
                        }
                    } catch (FregMapper.Unreadable e) {
                        reason = "unreadable person document: " + e.getMessage();
                    }
                }
                if (reason != null) {
                    sink.reject(key, reason + " (kept for retry; its addresses are withheld until it applies)");
                    sink.protect(id);
                    failed.add(id);
                } else {
                    records.add(record);
                    recordIds.add(id);
                }
            }
            // the batch's children together (the engine may share transactions among them, each applied whole or rejected alone)
            List<Boolean> applied = sink.children(records);
            for (int k = 0; k < records.size(); k++) {
                if (!applied.get(k)) {
                    sink.protect(recordIds.get(k));
                    failed.add(recordIds.get(k));
                }
            }
        }
        return failed;
    }

    private ChildRecord record(String key, String id, JsonNode doc, Map<String, JsonNode> adultDocs) {
        PersonRecord child = mapper.person(doc, id);
        List<ResponsibilityRecord> responsibilities = mapper.responsibilities(doc, id);
        List<WardshipRecord> wardships = mapper.wardships(doc);
        List<PersonRecord> adults = new ArrayList<>();
        for (String a : mapper.adultsNeeded(doc, id)) {
            JsonNode adult = adultDocs.get(a);
            if (adult == null) {
                return null;
            }
            adults.add(mapper.person(adult, a));
        }
        return new ChildRecord(key, child, responsibilities, adults, wardships);
    }

    /** Documents by the id asked for; ids FREG answers with a feilmelding are absent. */
    private Map<String, JsonNode> lookup(List<String> ids) throws Exception {
        Map<String, JsonNode> docs = new HashMap<>();
        for (Lookup l : client.lookup(ids)) {
            if (l.requestedId() != null && l.person() != null) {
                docs.put(l.requestedId(), l.person());
            }
        }
        return docs;
    }
}
