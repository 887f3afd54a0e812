package cn.hotline12333.wrapup;

/** A mistake in the wrap-up code file, printed as {@code file:line: message}. */
public record WrapupProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
