package cn.hotline12333.sim;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An event filter of the Filter action (manager.c, Asterisk 22): a legacy one is a regex over the whole event
 * text, {@code !} in front excluding; an advanced one ({@code MatchCriteria:}) may name the event and a header
 * and says how to compare. With any include filter an event must match one; any matching exclude drops it.
 */
record AmiFilter(boolean include, String eventName, String header, String method, String value, Pattern regex) {

    /** Answers null when the filter is malformed (the action then fails). */
    static AmiFilter parse(String matchCriteria, String filter) {
        boolean include = true;
        String value = filter;
        if (matchCriteria.isEmpty()) {
            if (value.startsWith("!")) {
                include = false;
                value = value.substring(1);
            }
            return regex(include, null, null, value);
        }
        String name = null;
        String header = null;
        String method = "none";
        for (String part : matchCriteria.split(",")) {
            String p = part.trim();
            int open = p.indexOf('(');
            if (open < 0 || !p.endsWith(")")) {
                return null;
            }
            String key = p.substring(0, open).toLowerCase(Locale.ROOT);
            String arg = p.substring(open + 1, p.length() - 1);
            switch (key) {
                case "action" -> include = !arg.equalsIgnoreCase("exclude");
                case "name" -> name = arg;
                case "header" -> header = arg;
                case "method" -> method = arg.toLowerCase(Locale.ROOT);
                default -> {
                    return null;
                }
            }
        }
        if (method.equals("regex") || method.equals("none")) {
            return regex(include, name, header, value);
        }
        return new AmiFilter(include, name, header, method, value, null);
    }

    private static AmiFilter regex(boolean include, String name, String header, String value) {
        try {
            return new AmiFilter(include, name, header, "regex", value, Pattern.compile(value));
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    boolean matches(AmiEvent event, String rendered) {
        if (eventName != null && !eventName.equalsIgnoreCase(event.name())) {
            return false;
        }
        String subject = rendered;
        if (header != null) {
            subject = header.equalsIgnoreCase("Event") ? event.name() : headerValue(rendered, header);
            if (subject == null) {
                return false;
            }
        }
        return switch (method) {
            case "exact" -> subject.equals(value);
            case "starts_with" -> subject.startsWith(value);
            case "ends_with" -> subject.endsWith(value);
            default -> regex.matcher(subject).find();
        };
    }

    private static String headerValue(String rendered, String header) {
        for (String line : rendered.split("\r\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(header)) {
                return line.substring(colon + 2);
            }
        }
        return null;
    }

    static boolean passes(List<AmiFilter> filters, AmiEvent event, String rendered) {
        if (filters.isEmpty()) {
            return true;
        }
        boolean anyInclude = false;
        boolean included = false;
        for (AmiFilter f : filters) {
            if (f.include()) {
                anyInclude = true;
                included |= f.matches(event, rendered);
            } else if (f.matches(event, rendered)) {
                return false;
            }
        }
        return !anyInclude || included;
    }
}
