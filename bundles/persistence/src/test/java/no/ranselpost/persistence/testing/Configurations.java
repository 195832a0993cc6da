package no.ranselpost.persistence.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A component's annotation-typed configuration outside OSGi: its defaults, some replaced. */
public final class Configurations {

    private Configurations() {
    }

    @SuppressWarnings("unchecked")
    public static <A extends Annotation> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            return switch (m.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> 0;
                case "toString" -> type.getSimpleName() + values;
                // an attribute without a default must be given
                default -> throw new IllegalArgumentException(type.getSimpleName() + "." + m.getName() + " has no default: give it");
            };
        });
    }
}
