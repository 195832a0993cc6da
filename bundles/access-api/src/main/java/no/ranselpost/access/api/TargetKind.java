package no.ranselpost.access.api;

/** A kind of object a capability's actions are about, with the resolver that tells what such an object belongs to. */
public record TargetKind(String id, TargetResolver resolver) {

    public TargetKind {
        new Target(id, 0); // validates the id
        if (resolver == null) {
            throw new IllegalArgumentException("A target kind needs a resolver");
        }
    }
}
