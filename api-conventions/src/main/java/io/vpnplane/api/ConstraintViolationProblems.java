package io.vpnplane.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Bean Validation violations of request input as one 400 problem listing every wrong field. */
final class ConstraintViolationProblems {

    private ConstraintViolationProblems() {
    }

    /** A violation of a return value is our bug, not the client's: those are never mapped here. */
    static boolean concernsReturnValue(Set<? extends ConstraintViolation<?>> violations) {
        for (ConstraintViolation<?> violation : violations) {
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
        }
        return false;
    }

    static Problem toProblem(Set<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> Problem.FieldError.invalid(fieldOf(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::detail))
                .toList();
        return ApiProblemException.invalidParameters(errors).problem();
    }

    /**
     * {@code create.body.tunnels[1].bgp.tunnelCidr} becomes {@code tunnels[1].bgp.tunnelCidr}: the
     * method and the body parameter's Java name mean nothing to the client. A violation on a
     * parameter itself (a query or path parameter) keeps the parameter's name.
     */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        int firstInputNode = 0;
        for (int i = 0; i < nodes.size(); i++) {
            ElementKind kind = nodes.get(i).getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                firstInputNode = i + 1;
            } else if (kind == ElementKind.PARAMETER && i + 1 < nodes.size()) {
                firstInputNode = i + 1;
            }
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes.subList(firstInputNode, nodes.size())) {
            if (node.isInIterable()) {
                Object key = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (key != null) {
                    field.append('[').append(key).append(']');
                }
            }
            boolean named = node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT
                    && node.getKind() != ElementKind.BEAN;
            if (named) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.toString();
    }
}
