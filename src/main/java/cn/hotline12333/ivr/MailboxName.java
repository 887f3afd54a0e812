package cn.hotline12333.ivr;

import cn.hotline12333.calllog.QueueName;

/**
 * What a record node may write as its {@code mailbox}. The name never reaches Asterisk (RECORD FILE's file is
 * named from the call's uniqueid and the node, see Messages); it becomes the Redis stream key
 * {@code mailbox:<name>} that agents and {@code KEYS mailbox:*}-style tools read, a field of {@code message:<call>},
 * an unquoted {@code mailbox=} value of our key=value log lines and the desk's label of a message task. So it is
 * held to the characters of a queue name (QueueName), which pass through all of them unchanged:
 * <ul>
 *   <li>whitespace, {@code =} and {@code "} would split or fake a log field; {@code :} would read as one more
 *       level of our {@code kind:name} keys; {@code * ? [ ] \} are glob characters in a Redis key pattern;</li>
 *   <li>capitals: the reply deadline is looked up by the exact name (CallerRequests: labour-inspection's seven
 *       working days), so "Labour-Inspection" would lose it silently, and the desk would show two mailboxes.</li>
 * </ul>
 * No length limit: no fixed-size buffer holds the name.
 */
final class MailboxName {
    private MailboxName() {
    }

    /** Why {@code name} cannot be a mailbox, or null when it can. {@code name} is neither null nor blank. */
    static String problem(String name) {
        for (int i = 0; i < name.length(); i = name.offsetByCodePoints(i, 1)) {
            int c = name.codePointAt(i);
            if (c >= 'A' && c <= 'Z') {
                return "mailbox \"" + name + "\" must be lowercase: messages are found by the exact name";
            }
            if (!QueueName.isNameCharacter(c)) {
                // The character by code point: a space or an invisible one would not show in the message.
                return "mailbox \"" + name + "\": U+" + String.format("%04X", c) + " cannot be in a mailbox name ("
                        + QueueName.RULE + ")";
            }
        }
        return null;
    }
}
