package cn.hotline12333.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;

/**
 * Traditional → simplified characters before any tokenizer sees the text, from HanLP's own table
 * ({@code data/dictionary/tc/t2s.txt} inside the hanlp jar). Only entries that map one character to one
 * character are used: the text keeps its length, so every offset still points at the original character and a
 * highlight of {@code 養老金} lands on the right place. HanLP's phrase entries (乾坤=乾坤) and the few mappings
 * to characters outside the BMP are left out; they matter for literature, not for 12333 questions.
 * ASCII capitals fold to lowercase here too (same length, see below).
 */
final class SimplifiedChinese {
    static final String TABLE = "data/dictionary/tc/t2s.txt";
    private static final NormalizeCharMap MAP = load();

    private SimplifiedChinese() {
    }

    /**
     * Full-width folding ({@code ＡＰＰ１２３３３} → {@code APP12333}), then traditional → simplified and ASCII
     * lowercase, one character for one, so offsets stay exact.
     */
    static Reader wrap(Reader in) {
        return new MappingCharFilter(MAP, new CJKWidthCharFilter(in));
    }

    private static NormalizeCharMap load() {
        InputStream in = SimplifiedChinese.class.getClassLoader().getResourceAsStream(TABLE);
        if (in == null) {
            throw new IllegalStateException("HanLP's " + TABLE + " is not on the classpath (hanlp portable jar)");
        }
        NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
        // HanLP looks dictionary words up case-sensitively: fold ASCII here, before segmentation, so that
        // 12333APP meets the dictionary's 12333app. The LowerCaseFilter after the tokenizer stays for the rest.
        for (char c = 'A'; c <= 'Z'; c++) {
            b.add(String.valueOf(c), String.valueOf(Character.toLowerCase(c)));
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq != 1 || line.length() != 3) {
                    continue;
                }
                char from = line.charAt(0);
                char to = line.charAt(2);
                if (from != to && !Character.isSurrogate(from) && !Character.isSurrogate(to)) {
                    b.add(String.valueOf(from), String.valueOf(to));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TABLE, e);
        }
        return b.build();
    }
}
