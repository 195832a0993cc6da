package no.ranselpost.storage.internal;

import java.util.Map;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.storage.api.ContentStore;

/**
 * Which store serves: {@code implementation} in {@code etc/no.ranselpost.storage.cfg}. The
 * database store runs while it says {@code database} (the default); any other name withdraws it,
 * so that the store of that name (another bundle, registering its own {@link ContentStore} with
 * {@code implementation=<name>}) is the only one. The change applies at once, no restart.
 */
@Component(immediate = true, configurationPid = ContentStore.PID)
public class StoreSelection {

    static final String DATABASE = "database";
    private static final Logger LOG = LoggerFactory.getLogger(StoreSelection.class);

    @Activate
    @Modified
    void select(ComponentContext context, Map<String, Object> config) {
        Object configured = config.get(ContentStore.IMPLEMENTATION);
        String name = configured == null || configured.toString().isBlank() ? DATABASE : configured.toString().strip();
        if (name.equals(DATABASE)) {
            context.enableComponent(DatabaseContentStore.NAME);
        } else {
            context.disableComponent(DatabaseContentStore.NAME);
            LOG.info("Binary storage: implementation '{}' is configured; the database store stands aside", name);
        }
    }
}
