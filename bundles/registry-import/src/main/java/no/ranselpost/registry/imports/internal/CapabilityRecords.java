package no.ranselpost.registry.imports.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.registry.api.CapabilityRecord;
import no.ranselpost.registry.api.CapabilityRecordHandler;

/**
 * The record types capabilities bring ({@link CapabilityRecordHandler}s, as they come and go),
 * applied with the engine's rules: one record at a time (the handler's own transaction), a
 * rejection with its reason, what a full snapshot no longer lists ended after it (the mass-deletion
 * share counted per type), in the reverse of the order the handler declares its types.
 */
final class CapabilityRecords {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityRecords.class);

    private final Map<String, CapabilityRecordHandler> byType = new ConcurrentHashMap<>();

    void add(CapabilityRecordHandler handler) {
        for (String type : handler.recordTypes()) {
            CapabilityRecordHandler before = byType.putIfAbsent(type, handler);
            if (before != null && before != handler) {
                LOG.error("Record type '{}' is declared by two handlers ({} and {}): the second is ignored for it", type,
                        before.getClass().getName(), handler.getClass().getName());
            } else {
                LOG.info("Record type '{}' handled by {}", type, handler.getClass().getName());
            }
        }
    }

    void remove(CapabilityRecordHandler handler) {
        byType.values().removeIf(h -> h == handler);
    }

    Set<String> types() {
        return Set.copyOf(byType.keySet());
    }

    /** What one run applied, by record type. */
    static final class Seen {
        final Map<String, Set<String>> identities = new LinkedHashMap<>();
    }

    Seen seen() {
        return new Seen();
    }

    /** Applies one record; its identity goes into {@code seen} when applied. */
    Counts apply(CapabilityRecordHandler.Run run, CapabilityRecord record, Seen seen) {
        CapabilityRecordHandler handler = byType.get(record.type());
        if (handler == null) {
            throw new RejectedRecordException("record type '" + record.type() + "': no installed capability handles it");
        }
        CapabilityRecordHandler.Applied applied;
        try {
            applied = handler.apply(run, record);
        } catch (CapabilityRecordHandler.Rejected e) {
            throw new RejectedRecordException(e.getMessage());
        }
        if (applied == null) {
            throw new IllegalStateException("The handler of " + record.type() + " answered nothing");
        }
        seen.identities.computeIfAbsent(record.type(), t -> new HashSet<>()).add(applied.identity());
        Counts c = new Counts();
        switch (applied.outcome()) {
            case CREATED -> c.created++;
            case UPDATED -> c.updated++;
            case UNCHANGED -> c.unchanged++;
        }
        return c;
    }

    /** What the source holds that the snapshot no longer lists, by type, with what it holds now. */
    record Gone(Map<String, List<String>> byType, Map<String, Long> current, Map<String, CapabilityRecordHandler> handlers) {

        boolean isEmpty() {
            return byType.values().stream().allMatch(List::isEmpty);
        }

        boolean exceeds(double share) {
            return byType.entrySet().stream().anyMatch(e -> e.getValue().size() > share * current.getOrDefault(e.getKey(), 0L));
        }

        String describe() {
            return byType.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getValue().size() + " of " + current.getOrDefault(e.getKey(), 0L) + " " + e.getKey())
                    .collect(Collectors.joining(", "));
        }
    }

    /** After a whole snapshot: for every type a handler declares, what the source holds and no longer lists. */
    Gone gone(CapabilityRecordHandler.Run run, Seen seen) {
        Map<String, List<String>> gone = new LinkedHashMap<>();
        Map<String, Long> current = new LinkedHashMap<>();
        Map<String, CapabilityRecordHandler> handlers = new LinkedHashMap<>(byType);
        for (Map.Entry<String, CapabilityRecordHandler> e : handlers.entrySet()) {
            Set<String> mine = seen.identities.getOrDefault(e.getKey(), Set.of());
            gone.put(e.getKey(), List.copyOf(e.getValue().gone(run, e.getKey(), mine)));
            current.put(e.getKey(), e.getValue().current(run, e.getKey()));
        }
        return new Gone(gone, current, handlers);
    }

    /** Ends what is gone, each in the handler's own transaction: dependent types first (the reverse of the declared order). */
    int endGone(CapabilityRecordHandler.Run run, Gone gone) {
        int ended = 0;
        List<String> order = new ArrayList<>();
        for (CapabilityRecordHandler h : new java.util.LinkedHashSet<>(gone.handlers().values())) {
            List<String> types = new ArrayList<>(h.recordTypes());
            java.util.Collections.reverse(types);
            order.addAll(types);
        }
        for (String type : order) {
            CapabilityRecordHandler h = gone.handlers().get(type);
            for (String identity : gone.byType().getOrDefault(type, List.of())) {
                h.end(run, type, identity);
                ended++;
            }
        }
        return ended;
    }
}
