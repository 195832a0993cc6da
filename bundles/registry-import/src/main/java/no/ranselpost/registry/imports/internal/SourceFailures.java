package no.ranselpost.registry.imports.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import no.ranselpost.registry.api.SourceInfo;

/**
 * The registry sources that are configured but did not start (a configuration DS could not
 * activate, e.g. a setting that does not parse), with the first line of the reason, as Declarative
 * Services reports them: an administrator sees them where the sources are listed, not only as a
 * stack trace in karaf.log.
 */
final class SourceFailures {

    private SourceFailures() {
    }

    static List<SourceInfo> of(ServiceComponentRuntime scr, String serviceInterface) {
        List<SourceInfo> out = new ArrayList<>();
        if (scr == null) {
            return out;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.serviceInterfaces == null || !Arrays.asList(d.serviceInterfaces).contains(serviceInterface)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    continue;
                }
                Object pid = c.properties == null ? null : c.properties.get("service.pid");
                Object sourceId = c.properties == null ? null : c.properties.get(no.ranselpost.registry.api.RegistrySource.SOURCE_ID);
                out.add(new SourceInfo(sourceId == null ? String.valueOf(pid) : sourceId.toString(), SourceInfo.State.FAILED, false,
                        pid == null ? d.name : pid.toString(), reason(c.failure)));
            }
        }
        return out;
    }

    /** The reason's first line, without the stack trace: the exception's own message says what to fix. */
    static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "failed to start (see karaf.log)";
        }
        String first = failure.lines().findFirst().orElse(failure).strip();
        // the innermost "Caused by" says most; DS puts the activation exception first
        String cause = failure.lines().filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b).orElse(null);
        String text = cause != null ? cause.substring("Caused by: ".length()) : first;
        text = text.replaceAll("\\d{11}", "(number withheld)");
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
