package no.ranselpost.registry.freg.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * A small validator over the FREG spec's Schema model: type, required, properties (a property
 * the schema does not declare is an error, so a misspelt field name fails), items, $ref,
 * enum and the date formats. Test only.
 */
final class SpecValidator {

    private static final String REF = "#/components/schemas/";
    private final OpenAPI api;

    SpecValidator(Path spec) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        api = new OpenAPIV3Parser().read(spec.toString(), null, options);
        if (api == null || api.getComponents() == null) {
            throw new IllegalStateException("spec not readable");
        }
    }

    Schema<?> component(String name) {
        Schema<?> s = api.getComponents().getSchemas().get(name);
        if (s == null) {
            throw new IllegalArgumentException("no schema " + name);
        }
        return s;
    }

    /** The JSON schema of an operation's 200 answer. */
    Schema<?> response(String path, PathItem.HttpMethod method) {
        Operation op = api.getPaths().get(path).readOperationsMap().get(method);
        return op.getResponses().get("200").getContent().get("application/json").getSchema();
    }

    /** The JSON schema of an operation's request body. */
    Schema<?> request(String path, PathItem.HttpMethod method) {
        Operation op = api.getPaths().get(path).readOperationsMap().get(method);
        return op.getRequestBody().getContent().get("application/json").getSchema();
    }

    List<String> validate(Schema<?> schema, JsonNode node) {
        List<String> errors = new ArrayList<>();
        check(schema, node, "$", errors, 0);
        return errors;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void check(Schema<?> schema, JsonNode n, String at, List<String> errors, int depth) {
        if (depth > 64) {
            errors.add(at + ": too deep");
            return;
        }
        if (schema.get$ref() != null) {
            String ref = schema.get$ref();
            if (!ref.startsWith(REF)) {
                errors.add(at + ": unsupported $ref " + ref);
                return;
            }
            check(component(ref.substring(REF.length())), n, at, errors, depth + 1);
            return;
        }
        if (n == null || n.isNull()) {
            errors.add(at + ": null");
            return;
        }
        String type = schema.getType();
        if (type == null && schema.getProperties() != null) {
            type = "object";
        }
        if (type == null) {
            return; // any
        }
        switch (type) {
            case "object" -> {
                if (!n.isObject()) {
                    errors.add(at + ": expected an object");
                    return;
                }
                Map<String, Schema> props = schema.getProperties() == null ? Map.of() : (Map) schema.getProperties();
                if (schema.getRequired() != null) {
                    for (String r : schema.getRequired()) {
                        if (!n.has(r) || n.get(r).isNull()) {
                            errors.add(at + ": required property '" + r + "' missing");
                        }
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    Schema<?> p = props.get(f.getKey());
                    if (p != null) {
                        check(p, f.getValue(), at + "." + f.getKey(), errors, depth + 1);
                    } else if (schema.getAdditionalProperties() instanceof Schema<?> extra) {
                        check(extra, f.getValue(), at + "." + f.getKey(), errors, depth + 1);
                    } else {
                        errors.add(at + ": property '" + f.getKey() + "' is not in the schema");
                    }
                }
            }
            case "array" -> {
                if (!n.isArray()) {
                    errors.add(at + ": expected an array");
                    return;
                }
                Schema<?> items = schema.getItems();
                int i = 0;
                for (JsonNode e : n) {
                    if (items != null) {
                        check(items, e, at + "[" + i + "]", errors, depth + 1);
                    }
                    i++;
                }
            }
            case "string" -> {
                if (!n.isTextual()) {
                    errors.add(at + ": expected a string");
                    return;
                }
                List<?> values = schema.getEnum();
                if (values != null && !values.isEmpty() && values.stream().noneMatch(v -> String.valueOf(v).equals(n.asText()))) {
                    errors.add(at + ": '" + n.asText() + "' is not one of " + values);
                }
                String format = schema.getFormat();
                try {
                    if ("date".equals(format)) {
                        LocalDate.parse(n.asText());
                    } else if ("date-time".equals(format)) {
                        OffsetDateTime.parse(n.asText());
                    }
                } catch (RuntimeException e) {
                    errors.add(at + ": not a " + format);
                }
            }
            case "integer" -> {
                if (!n.isIntegralNumber()) {
                    errors.add(at + ": expected an integer");
                }
            }
            case "number" -> {
                if (!n.isNumber()) {
                    errors.add(at + ": expected a number");
                }
            }
            case "boolean" -> {
                if (!n.isBoolean()) {
                    errors.add(at + ": expected a boolean");
                }
            }
            default -> errors.add(at + ": unsupported type " + type);
        }
    }
}
