package io.vpnplane.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns Jackson's complaints about a request body into 400 problems that name the JSON path of
 * the bad input. Jackson's own messages mention Java class names, so details are written here.
 */
final class JsonInputProblems {

    private final ObjectMapper mapper;

    JsonInputProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Problem toProblem(JsonProcessingException e) {
        return switch (e) {
            case InputCoercionException coercion ->
                    invalid(pathOf(coercion.getProcessor()), "the number is out of range");
            case StreamReadException malformed -> malformed(pathOf(malformed.getProcessor()),
                    "the body is not well-formed JSON (line " + location(malformed) + ")");
            // A syntax error met while binding a nested value arrives wrapped, with the path so far.
            case JsonMappingException wrapped when wrapped.getCause() instanceof StreamReadException malformed ->
                    malformed(longer(pathOf(malformed.getProcessor()), pathOf(wrapped)),
                            "the body is not well-formed JSON (line " + location(malformed) + ")");
            case PropertyBindingException unknown -> invalid(pathOf(unknown), "is not a known member");
            case InvalidFormatException format -> invalid(pathOf(format), describeRejected(format));
            case ValueInstantiationException instantiation -> invalid(pathOf(instantiation),
                    instantiation.getCause() instanceof IllegalArgumentException reason && reason.getMessage() != null
                            ? reason.getMessage() : "is not a valid value");
            case MismatchedInputException mismatch ->
                    invalid(pathOf(mismatch), "expected " + describeType(mismatch.getTargetType()));
            case JsonMappingException mapping -> invalid(pathOf(mapping), "is not a valid value");
            default -> malformed("", "the body is not valid JSON");
        };
    }

    private static Problem invalid(String field, String detail) {
        if (field.isEmpty()) {
            return malformed(field, "the body " + detail);
        }
        return Problem.of(400, Problem.invalidParameterCode(field), detail).withField(field);
    }

    private static Problem malformed(String field, String detail) {
        Problem problem = Problem.of(400, "MalformedRequest", detail);
        return field.isEmpty() ? problem : problem.withField(field);
    }

    /** {@code tunnels[1].bgp.tunnelCidr} from Jackson's reference chain. */
    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The same notation from the parser's position, for errors found while tokenizing. */
    private static String pathOf(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return "";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                segments.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String longer(String a, String b) {
        return a.length() >= b.length() ? a : b;
    }

    private static String location(StreamReadException e) {
        return e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private String describeRejected(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        String value = String.valueOf(e.getValue());
        if (target != null && target.isEnum()) {
            return "'" + value + "' is not one of " + enumValues(target);
        }
        return "'" + value + "' is not " + describeType(target);
    }

    /** The values as clients write them (honouring @JsonProperty/@JsonValue), not the Java names. */
    private String enumValues(Class<?> enumType) {
        List<String> values = Arrays.stream(enumType.getEnumConstants()).map(constant -> {
            try {
                return mapper.writeValueAsString(constant);
            } catch (JsonProcessingException e) {
                return String.valueOf(constant);
            }
        }).toList();
        return values.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describeType(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == String.class || type.isEnum() || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
