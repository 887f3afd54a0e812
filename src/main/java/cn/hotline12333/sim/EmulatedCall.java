package cn.hotline12333.sim;

import java.util.List;
import java.util.Map;

/**
 * What one emulated call came to, as the Asterisk side saw it.
 *
 * @param uniqueId    the call's agi_uniqueid
 * @param end         how the AGI session ended
 * @param problem     why, when the emulator closed the call, the call failed, or the connection was reset;
 *                    else null
 * @param lines       every line exchanged, in order (empty when the emulator does not keep lines)
 * @param prompts     the sounds played to the caller, in order (interrupted ones included)
 * @param variables   the channel variables when the session ended, AGISTATUS included
 * @param turnarounds per command: the server's think time, from our previous reply (or the end of the
 *                    environment block) until the command arrived
 * @param callerHungUp the channel was hung up (by the caller, by HANGUP, or by the queue) before the end
 */
public record EmulatedCall(String uniqueId, End end, String problem, List<Line> lines, List<String> prompts,
                           Map<String, String> variables, List<Turnaround> turnarounds, boolean callerHungUp) {

    public enum End {
        /** The server closed the socket: the normal end; the dialplan would go on. */
        SERVER_CLOSED,
        /** The emulator closed it: AGIEXITONHANGUP, a {@code failure} line, a silent server, or a command
         *  the emulator does not emulate ({@link #problem()} says which). */
        EMULATOR_CLOSED,
        /** No session: the connection failed or the emulator broke. */
        FAILED
    }

    public enum Direction { TO_SERVER, FROM_SERVER }

    /** One line without its {@code \n}; {@code atNanos} counts from the connection. */
    public record Line(Direction direction, long atNanos, String text) {
    }

    /** {@code atNanos}: when the command arrived, counted from the connection like {@link Line#atNanos}. */
    public record Turnaround(String command, long nanos, long atNanos) {
        public Turnaround(String command, long nanos) {
            this(command, nanos, 0);
        }
    }

    public EmulatedCall {
        lines = List.copyOf(lines);
        prompts = List.copyOf(prompts);
        variables = Map.copyOf(variables);
        turnarounds = List.copyOf(turnarounds);
    }

    /** The command lines the server sent, in order. */
    public List<String> commands() {
        return lines.stream().filter(l -> l.direction() == Direction.FROM_SERVER).map(Line::text).toList();
    }

    /** The lines the emulator sent after the environment block (replies and HANGUP lines), in order. */
    public List<String> replies() {
        List<String> sent = lines.stream().filter(l -> l.direction() == Direction.TO_SERVER)
                .map(Line::text).toList();
        int blank = sent.indexOf("");
        return blank < 0 ? List.of() : sent.subList(blank + 1, sent.size());
    }
}
