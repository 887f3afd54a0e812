package cn.hotline12333.workorder;

/** A mistake in the work-order types file, printed as {@code file:line: message}. */
public record TypesProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
