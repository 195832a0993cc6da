package no.ranselpost.access.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kind of object a capability's actions are about, with the resolver that tells what such an
 * object belongs to, and optionally one that resolves many at once (for list reads; without it
 * the single resolver is asked for each).
 */
public record TargetKind(String id, TargetResolver resolver, BatchResolver batch) {

    /** Resolves the facts of many objects of the kind in one step: every id asked for is a key ({@link Facts#NONE} when it does not exist). */
    @FunctionalInterface
    public interface BatchResolver {
        Map<Long, Facts> resolveAll(Collection<Long> ids);
    }

    public TargetKind {
        new Target(id, 0); // validates the id
        if (resolver == null) {
            throw new IllegalArgumentException("A target kind needs a resolver");
        }
    }

    public TargetKind(String id, TargetResolver resolver) {
        this(id, resolver, null);
    }

    /** The facts of many objects of this kind: in one step when the kind has a batch resolver. */
    public Map<Long, Facts> resolveAll(Collection<Long> ids) {
        if (batch != null) {
            return batch.resolveAll(ids);
        }
        Map<Long, Facts> out = new LinkedHashMap<>();
        for (Long id : ids) {
            Facts f = resolver.resolve(new Target(this.id, id));
            out.put(id, f == null ? Facts.NONE : f);
        }
        return out;
    }
}
