package no.ranselpost.core.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import no.ranselpost.core.api.NationalIdPolicy;

@Component(service = NationalIdPolicy.class, configurationPid = "no.ranselpost.core")
@Designate(ocd = CoreSettings.class)
public class ConfiguredNationalIdPolicy implements NationalIdPolicy {

    private volatile boolean allowSynthetic;

    @Activate
    @Modified
    void configure(CoreSettings settings) {
        allowSynthetic = settings.allowSyntheticIds();
    }

    @Override
    public boolean allowSyntheticIds() {
        return allowSynthetic;
    }
}
