package no.ranselpost.registry.imports.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_SOURCE;

import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.Role;
import no.ranselpost.registry.api.ImportActions;

/** The import engine's actions (ACCESS.md: imports are SYSTEM_ADMIN's; an integration pushes to its own source only) and the kind "source". */
@Component(service = AccessDeclaration.class)
public class ImportAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "imports";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(ImportActions.RUN, "Start a run of a registry source, or reset its state", of(Role.SYSTEM_ADMIN, KOMMUNE)),
                Action.of(ImportActions.READ, "The sources, their state and run history", of(Role.SYSTEM_ADMIN, KOMMUNE)),
                Action.of(ImportActions.CONFIRM, "Confirm a run held for a mass deletion", of(Role.SYSTEM_ADMIN, KOMMUNE)),
                Action.of(ImportActions.UPLOAD, "Upload a full snapshot file to a file source",
                        of(Role.SYSTEM_ADMIN, KOMMUNE), of(Role.INTEGRATION, OWN_SOURCE)),
                Action.of(ImportActions.PUSH, "Push records (a full snapshot or changes) to a source: its own integration",
                        of(Role.INTEGRATION, OWN_SOURCE)),
                Action.of(ImportActions.STATUS, "A source's last runs: its own integration", of(Role.SYSTEM_ADMIN, KOMMUNE),
                        of(Role.INTEGRATION, OWN_SOURCE)));
    }

    @Override
    public List<TargetKind> targetKinds() {
        // a source is named by its code; it belongs to no unit
        return List.of(new TargetKind(Target.SOURCE, t -> new Facts(Set.of(), Set.of(), Set.of(), Set.of(), t.code())));
    }
}
