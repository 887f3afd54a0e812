package cn.hotline12333.ivr;

/** A problem an administrator caused in a flow file, printed as {@code file:line: message}. */
public record FlowProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
