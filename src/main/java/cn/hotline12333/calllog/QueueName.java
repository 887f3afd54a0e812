package cn.hotline12333.calllog;

/**
 * What a queue's name may be, in a flow's {@code queue:} and in stats.yaml's {@code queues:} alike: one rule, so
 * that no name is accepted in one file and never matched in the other (the statistics key a queue's figures by the
 * name the call records carry, which is the flow's). Here, in calllog, because both readers (ivr, stats) use this
 * package and neither uses the other. A transfer's queue goes into {@code EXEC Queue "<queue>,c,,,<s>"}, into AMI
 * actions and into queue_log lines; a request's queue into the task pool and our key=value log lines. So the name
 * is held to what passes through all of them unchanged: lowercase ASCII letters, digits, {@code -} and {@code _}.
 * What each refused character would do:
 * <ul>
 *   <li>{@code ,} starts Queue's next argument (AST_STANDARD_APP_ARGS, apps/app_queue.c); {@code |} separates
 *       the fields of a queue_log line (main/logger.c); {@code "} and {@code \} are AGI quoting (res/res_agi.c);
 *       {@code $ { }} are substituted when AGIEXECFULL is set (res_agi.c handle_exec); {@code [ ] ( ) ;} end
 *       or decorate a section header or start a comment in queues.conf (main/config.c process_text_line);
 *       whitespace and control characters split AGI words and AMI headers;</li>
 *   <li>capitals: app_queue finds a queue ignoring case (queue_cmp_cb uses strcasecmp), while our statistics,
 *       wallboard and task pool compare names exactly, so "Hotline-General" would be one queue in Asterisk and
 *       two in every report;</li>
 *   <li>non-ASCII: a queues.conf section must be typed byte for byte the same, and the 79-byte limit below is
 *       in bytes.</li>
 * </ul>
 */
public final class QueueName {
    /** A queues.conf section name is copied into {@code char name[80]} (main/config.c, struct ast_category). */
    public static final int MAX_LENGTH = 79;
    /** The characters a name may have, as the messages say them. */
    public static final String RULE = "lowercase letters, digits, \"-\" and \"_\"";

    private QueueName() {
    }

    /** Why {@code name} cannot be a queue, or null when it can. {@code name} is neither null nor blank. */
    public static String problem(String name) {
        for (int i = 0; i < name.length(); i = name.offsetByCodePoints(i, 1)) {
            int c = name.codePointAt(i);
            if (c >= 'A' && c <= 'Z') {
                return "queue " + shown(name) + " must be lowercase: Asterisk finds queues ignoring case, the"
                        + " statistics would count \"" + name.toLowerCase(java.util.Locale.ROOT) + "\" apart";
            }
            if (!isNameCharacter(c)) {
                return "queue " + shown(name) + ": " + shown(new String(Character.toChars(c)))
                        + " cannot be in a queue name (" + RULE + ")";
            }
        }
        if (name.length() > MAX_LENGTH) {
            return "queue name is " + name.length() + " characters long; a queues.conf section name keeps "
                    + MAX_LENGTH;
        }
        // reload_queues skips [general] (apps/app_queue.c): it holds the settings, never a queue.
        if (name.equals("general")) {
            return "queue \"general\" is the settings section of queues.conf, not a queue";
        }
        return null;
    }

    /** Whether {@code c} may be in a name: also the rule of names that go where queue names go (a mailbox). */
    public static boolean isNameCharacter(int c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    /** In quotes, with control and whitespace characters written as code points so a message stays one line. */
    private static String shown(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
