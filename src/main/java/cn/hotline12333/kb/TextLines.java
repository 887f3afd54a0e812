package cn.hotline12333.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of an analysis file (dictionary, stop words, synonyms, out-of-scope anchors) read as UTF-8 one line at a
 * time, so that one line saved in another encoding is a problem naming that line, read as empty, and the rest of the
 * file still applies. Read as a whole, a single such byte failed the knowledge base's start and {@code kb check}
 * with a stack trace.
 */
final class TextLines {
    private TextLines() {
    }

    /** The file's lines, a line that is not UTF-8 empty and listed in {@code problems}. */
    static List<String> read(Path file, List<ArticleProblem> problems) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        // a BOM is no part of the first line's text
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int length = end - start;
            if (length > 0 && bytes[end - 1] == '\r') {
                length--;
            }
            try {
                lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, length)).toString());
            } catch (CharacterCodingException e) {
                problems.add(new ArticleProblem(file, lines.size() + 1, "not UTF-8 text: line skipped"));
                lines.add("");
            }
            start = end + 1;
        }
        return lines;
    }
}
