package cn.hotline12333.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads the cells of one sheet of an XLSX the way our exports write it (inline strings and numbers), by row. */
final class XlsxSheet {
    private static final Pattern ROW = Pattern.compile("<row r=\"(\\d+)\"[^>]*>(.*?)</row>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile(
            "<c r=\"([A-Z]+)\\d+\"([^>]*?)(?:/>|>(.*?)</c>)", Pattern.DOTALL);
    private static final Pattern TEXT = Pattern.compile("<t[^>]*>(.*?)</t>", Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("<v>(.*?)</v>", Pattern.DOTALL);

    private XlsxSheet() {
    }

    static List<String> partNames(byte[] xlsx) throws IOException {
        return parts(xlsx).keySet().stream().toList();
    }

    /**
     * Every part by name. Read through the central directory (ZipFile): fastexcel streams its entries with
     * data descriptors, which java.util.zip.ZipInputStream refuses ("invalid entry size").
     */
    static java.util.Map<String, String> parts(byte[] xlsx) throws IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("export", ".xlsx");
        try {
            java.nio.file.Files.write(tmp, xlsx);
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            try (ZipFile zip = new ZipFile(tmp.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    out.put(e.getName(), new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return out;
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    /** Rows of {@code xl/worksheets/sheetN.xml}; empty cells as "". */
    static List<List<String>> rows(byte[] xlsx, int sheet) throws IOException {
        String xml = part(xlsx, "xl/worksheets/sheet" + sheet + ".xml");
        List<List<String>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(xml);
        while (r.find()) {
            TreeMap<Integer, String> cells = new TreeMap<>();
            Matcher c = CELL.matcher(r.group(2));
            while (c.find()) {
                String inner = c.group(3) == null ? "" : c.group(3);
                Matcher t = TEXT.matcher(inner);
                Matcher v = VALUE.matcher(inner);
                String value = t.find() ? unescape(t.group(1)) : v.find() ? v.group(1) : "";
                cells.put(column(c.group(1)), value);
            }
            List<String> row = new ArrayList<>();
            int last = cells.isEmpty() ? -1 : cells.lastKey();
            for (int i = 0; i <= last; i++) {
                row.add(cells.getOrDefault(i, ""));
            }
            rows.add(row);
        }
        return rows;
    }

    private static int column(String letters) {
        int n = 0;
        for (char ch : letters.toCharArray()) {
            n = n * 26 + (ch - 'A' + 1);
        }
        return n - 1;
    }

    private static String unescape(String s) {
        Matcher m = Pattern.compile("&#x([0-9a-fA-F]+);|&#([0-9]+);").matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int cp = m.group(1) != null ? Integer.parseInt(m.group(1), 16) : Integer.parseInt(m.group(2));
            m.appendReplacement(b, Matcher.quoteReplacement(new String(Character.toChars(cp))));
        }
        m.appendTail(b);
        return b.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&#13;", "\r").replace("&#10;", "\n").replace("&#9;", "\t").replace("&amp;", "&");
    }

    static String part(byte[] xlsx, String name) throws IOException {
        String part = parts(xlsx).get(name);
        if (part == null) {
            throw new IOException("no part " + name);
        }
        return part;
    }
}
