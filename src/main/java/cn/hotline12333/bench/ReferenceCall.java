package cn.hotline12333.bench;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.reply.AgiReply;

/**
 * One call of the reference script: the commands it sends, named and answered as our server does them
 * (docs/driver.md), and the hotline's menu rules (9 again, * back, 0 the agent, three tries). Blocking, on the
 * call's own pooled thread.
 */
abstract class ReferenceCall {

    /** What {@link #menu} answers when the caller used up the tries. */
    static final char GAVE_UP = '!';
    static final int RETRIES = 3;
    // Bounds a caller who keeps pressing 9 or * (each costs the caller a key press and the script one GET DATA)
    static final int MAX_ASKS = 30;

    /** The caller hung up during a command that answers -1 rather than 511. */
    static final class CallerGone extends Exception {
        CallerGone() {
            super(null, null, false, false);
        }
    }

    final AgiChannel channel;
    final String uniqueId;
    final String callerId;

    ReferenceCall(AgiRequest request, AgiChannel channel) {
        this.channel = channel;
        this.uniqueId = request.getUniqueId();
        this.callerId = request.getCallerIdNumber();
    }

    /** The sound our flow loader names after the flow and node (Prompts.audio). */
    static String sound(String node) {
        return "hotline/hotline-" + node;
    }

    void play(String node) throws AgiException, CallerGone {
        channel.streamFile(sound(node), "");
        AgiReply reply = channel.getLastReply();
        // -1 with endpos 0 is a missing sound file: go on, as our server does
        if (reply.getResultCode() == -1 && endpos(reply) > 0) {
            throw new CallerGone();
        }
    }

    /** GET DATA; a -1 (missing prompt or hang-up) is tried once more with beep, as our driver does. */
    String ask(String sound, long timeoutMs, int maxDigits) throws AgiException, CallerGone {
        String digits = channel.getData(sound, timeoutMs, maxDigits);
        if ("-1".equals(digits)) {
            digits = channel.getData("beep", timeoutMs, maxDigits);
            if ("-1".equals(digits)) {
                throw new CallerGone();
            }
        }
        return digits == null ? "" : digits;
    }

    /**
     * One key of a menu: an option, {@code *}, {@code 0} (the agent unless the menu maps it), or
     * {@link #GAVE_UP} after three wrong or missing keys (each told with its notice first).
     */
    char menu(String node, long timeoutMs, String options) throws AgiException, CallerGone {
        int failures = 0;
        for (int asks = 0; asks < MAX_ASKS; asks++) {
            String keyed = ask(sound(node), timeoutMs, 1);
            char key = keyed.isEmpty() ? 0 : keyed.charAt(0);
            if (key != 0 && (options.indexOf(key) >= 0 || key == '*' || key == '0')) {
                return key;
            } else if (key == '9') {
                continue;
            }
            if (notice(keyed, ++failures)) {
                return GAVE_UP;
            }
        }
        return GAVE_UP;
    }

    /** Plays no_input (nothing keyed) or invalid; answers whether that was the last try. */
    boolean notice(String keyed, int failures) throws AgiException, CallerGone {
        play(keyed.isEmpty() ? "prompt-no_input" : "prompt-invalid");
        return failures >= RETRIES;
    }

    void sayNumber(String number) throws AgiException, CallerGone {
        channel.sayNumber(number);
        if (channel.getLastReply().getResultCode() == -1) {
            throw new CallerGone();
        }
    }

    void sayDigits(String digits) throws AgiException, CallerGone {
        channel.sayDigits(digits);
        if (channel.getLastReply().getResultCode() == -1) {
            throw new CallerGone();
        }
    }

    static long endpos(AgiReply reply) {
        String endpos = reply.getAttribute("endpos");
        try {
            return endpos == null ? 0 : Long.parseLong(endpos.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean isPhone(String digits) {
        return digits != null && digits.matches("1[3-9][0-9]{9}|0[0-9]{9,11}");
    }
}
