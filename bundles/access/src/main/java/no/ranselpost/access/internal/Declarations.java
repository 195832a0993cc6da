package no.ranselpost.access.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.AnonymousEndpoint;
import no.ranselpost.access.api.FieldSet;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;

/**
 * What the started capabilities declared. A declaration whose capability name, action id,
 * target kind or view is already held by another is refused whole; nothing of it is known.
 * Lookups read an immutable snapshot, replaced when a declaration comes or goes.
 */
final class Declarations {

    private static final Logger LOG = LoggerFactory.getLogger(Declarations.class);

    private record Snapshot(Map<String, Action> actions, Map<String, TargetKind> kinds, Map<String, FieldSet> views,
                            List<AnonymousEndpoint> anonymous) {
    }

    private final Map<AccessDeclaration, Boolean> accepted = new IdentityHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), List.of());

    /** Adds a declaration; false (and logged) when it is refused. */
    synchronized boolean add(AccessDeclaration d) {
        List<String> problems = new ArrayList<>();
        Snapshot s = snapshot;
        Set<String> capabilities = new HashSet<>();
        accepted.keySet().forEach(a -> capabilities.add(a.capability()));
        String capability;
        List<Action> actions;
        List<TargetKind> kinds;
        List<FieldSet> views;
        List<AnonymousEndpoint> anonymous;
        try {
            capability = d.capability();
            actions = d.actions();
            kinds = d.targetKinds();
            views = d.fieldSets();
            anonymous = d.anonymousEndpoints();
        } catch (RuntimeException e) {
            LOG.error("Access declaration {} refused: it could not be read", d.getClass().getName(), e);
            return false;
        }
        if (capability == null || !capability.matches("[a-z][a-z0-9-]*")) {
            problems.add("capability name '" + capability + "' is not a code of a-z, 0-9 and '-'");
        } else if (capabilities.contains(capability)) {
            problems.add("capability '" + capability + "' is declared already");
        }
        Set<String> own = new HashSet<>();
        for (Action a : actions) {
            if (s.actions().containsKey(a.id()) || !own.add(a.id())) {
                problems.add("action " + a.id() + " is declared already");
            }
        }
        own.clear();
        for (TargetKind k : kinds) {
            if (k.id().equals(Target.NONE_KIND) || s.kinds().containsKey(k.id()) || !own.add(k.id())) {
                problems.add("target kind " + k.id() + " is declared already");
            }
        }
        own.clear();
        for (FieldSet f : views) {
            if (s.views().containsKey(f.view()) || !own.add(f.view())) {
                problems.add("view " + f.view() + " is declared already");
            }
        }
        if (!problems.isEmpty()) {
            LOG.error("Access declaration of '{}' ({}) refused: {}", capability, d.getClass().getName(), problems);
            return false;
        }
        accepted.put(d, Boolean.TRUE);
        rebuild();
        LOG.info("Access declaration of '{}' added: {} actions, {} target kinds, {} views, {} anonymous endpoints",
                capability, actions.size(), kinds.size(), views.size(), anonymous.size());
        return true;
    }

    synchronized void remove(AccessDeclaration d) {
        if (accepted.remove(d) != null) {
            rebuild();
            LOG.info("Access declaration of '{}' removed", d.capability());
        }
    }

    private void rebuild() {
        Map<String, Action> actions = new HashMap<>();
        Map<String, TargetKind> kinds = new HashMap<>();
        Map<String, FieldSet> views = new HashMap<>();
        List<AnonymousEndpoint> anonymous = new ArrayList<>();
        for (AccessDeclaration d : accepted.keySet()) {
            d.actions().forEach(a -> actions.put(a.id(), a));
            d.targetKinds().forEach(k -> kinds.put(k.id(), k));
            d.fieldSets().forEach(f -> views.put(f.view(), f));
            anonymous.addAll(d.anonymousEndpoints());
        }
        anonymous.sort(Comparator.comparing(AnonymousEndpoint::path).thenComparing(AnonymousEndpoint::method));
        snapshot = new Snapshot(Map.copyOf(actions), Map.copyOf(kinds), Map.copyOf(views), List.copyOf(anonymous));
    }

    Optional<Action> action(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(snapshot.actions().get(id));
    }

    List<Action> actions() {
        return snapshot.actions().values().stream().sorted(Comparator.comparing(Action::id)).toList();
    }

    Optional<TargetKind> kind(String id) {
        return Optional.ofNullable(snapshot.kinds().get(id));
    }

    Optional<FieldSet> view(String view) {
        return Optional.ofNullable(snapshot.views().get(view));
    }

    List<AnonymousEndpoint> anonymous() {
        return snapshot.anonymous();
    }
}
