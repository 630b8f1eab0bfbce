package io.vpnplane.agent.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A section of a vici message as {@code swanctl --raw} prints it:
 * {@code name {key=value list=[a b] sub {…}}}. Values with spaces are not expected in what the tests
 * read (ids are addresses or FQDNs).
 */
public record ViciSection(Map<String, String> values, Map<String, List<String>> lists,
        Map<String, ViciSection> sections) {

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String require(String key) {
        return value(key).orElseThrow(() -> new IllegalStateException("vici message lacks " + key + ": " + this));
    }

    public List<String> list(String key) {
        return lists.getOrDefault(key, List.of());
    }

    public Optional<ViciSection> section(String key) {
        return Optional.ofNullable(sections.get(key));
    }

    /**
     * Parses one raw message body, e.g. what follows {@code list-sa event} up to its end.
     *
     * @throws IllegalArgumentException on unbalanced braces or brackets
     */
    public static ViciSection parse(String raw) {
        Tokens tokens = new Tokens(raw);
        tokens.expect("{");
        ViciSection section = parseBody(tokens);
        return section;
    }

    /** Splits {@code swanctl --raw} output into its messages: each {@code <type words> {…}} in order. */
    public static List<ViciSection> parseMessages(String output, String messageType) {
        List<ViciSection> messages = new ArrayList<>();
        int from = 0;
        while ((from = output.indexOf(messageType + " {", from)) >= 0) {
            int start = output.indexOf('{', from);
            int end = matchingBrace(output, start);
            messages.add(parse(output.substring(start, end + 1)));
            from = end + 1;
        }
        return messages;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces in vici output: " + text.substring(open));
    }

    private static ViciSection parseBody(Tokens tokens) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Map<String, ViciSection> sections = new LinkedHashMap<>();
        while (true) {
            String token = tokens.next();
            if (token.equals("}")) {
                return new ViciSection(values, lists, sections);
            }
            int equals = token.indexOf('=');
            if (equals < 0) {
                tokens.expect("{");
                sections.put(token, parseBody(tokens));
            } else if (token.startsWith("[", equals + 1)) {
                List<String> items = new ArrayList<>();
                String first = token.substring(equals + 2);
                String item = first;
                while (!item.endsWith("]")) {
                    if (!item.isEmpty()) {
                        items.add(item);
                    }
                    item = tokens.next();
                }
                if (item.length() > 1) {
                    items.add(item.substring(0, item.length() - 1));
                }
                lists.put(token.substring(0, equals), List.copyOf(items));
            } else {
                values.put(token.substring(0, equals), token.substring(equals + 1));
            }
        }
    }

    /** Whitespace-separated tokens, with braces as tokens of their own. */
    private static final class Tokens {
        private final List<String> tokens = new ArrayList<>();
        private int position;

        Tokens(String raw) {
            for (String word : raw.replace("{", " { ").replace("}", " } ").trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    tokens.add(word);
                }
            }
        }

        String next() {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException("vici output ended early");
            }
            return tokens.get(position++);
        }

        void expect(String token) {
            String actual = next();
            if (!actual.equals(token)) {
                throw new IllegalArgumentException("expected '" + token + "' but found '" + actual + "'");
            }
        }
    }
}
