package cn.hotline12333.ivr;

import java.util.List;

/**
 * Who is calling and how the call reached us, from the AGI environment block. {@code callerId} and
 * {@code dialled} are null when Asterisk said {@code unknown}. {@code asteriskHost} is the peer address
 * of the Asterisk box, used to key the record when the box has no SYSTEMNAME.
 */
public record CallInfo(String uniqueId, String script, List<String> args, String callerId, String dialled,
                       String channel, String context, String extension, String language,
                       String asteriskHost) {
}
