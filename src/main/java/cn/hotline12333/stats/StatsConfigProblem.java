package cn.hotline12333.stats;

/** A mistake in the statistics configuration file, printed as {@code file:line: message}. */
public record StatsConfigProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
