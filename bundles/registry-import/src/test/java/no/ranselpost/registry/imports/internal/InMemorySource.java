package no.ranselpost.registry.imports.internal;

import java.util.ArrayList;
import java.util.List;

import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * A source held in memory, for tests: children as a feed (the position is kept in the source
 * state, next-to-read, committed after the records it covers), enrolments as a full snapshot.
 */
final class InMemorySource implements RegistrySource {

    final List<ChildRecord> feed = new ArrayList<>();
    final List<EnrolmentRecord> snapshot = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();
    final List<no.ranselpost.registry.api.ContactRecord> contacts = new ArrayList<>();
    final List<no.ranselpost.registry.api.EmploymentRecord> employments = new ArrayList<>();
    private final String id;
    private final boolean fullSnapshot;

    InMemorySource(String id, boolean fullSnapshot) {
        this.id = id;
        this.fullSnapshot = fullSnapshot;
    }

    @Override
    public String sourceId() {
        return id;
    }

    @Override
    public boolean fullSnapshot() {
        return fullSnapshot;
    }

    @Override
    public void pull(ImportSink sink, StateView state) {
        int from = state.get("position").map(Integer::parseInt).orElse(0);
        for (int i = from; i < feed.size(); i++) {
            sink.child(feed.get(i));
            sink.state("position", Integer.toString(i + 1));
        }
        unreadable.forEach(key -> sink.reject(key, "malformed line"));
        snapshot.forEach(sink::enrolment);
        contacts.forEach(sink::contact);
        employments.forEach(sink::employment);
    }
}
