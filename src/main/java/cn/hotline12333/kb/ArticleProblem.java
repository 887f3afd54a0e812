package cn.hotline12333.kb;

import java.nio.file.Path;

/** Why a knowledge-base file was skipped, at the line to fix: {@code articles/card/card-0003.md:7: bad date}. */
public record ArticleProblem(Path file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
