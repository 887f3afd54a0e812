package cn.hotline12333.kb;

/**
 * What an agent asked for. {@code query} is the caller's words as typed, untrusted: it is cleaned and cut to
 * {@link #MAX_QUERY_CHARS}, and never parsed as Lucene syntax. {@code category} null means all;
 * {@code region} null (or {@code national}) means the agent has no region, otherwise articles of that region
 * rank above national ones and other regions' articles below.
 */
public record SearchRequest(String query, Category category, String region, int limit, int offset,
                            boolean includeExpired) {
    public static final int MAX_QUERY_CHARS = 200;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_OFFSET = 1000;

    public SearchRequest {
        if (query == null) {
            throw new IllegalArgumentException("query is required");
        }
        if (limit < 1 || limit > MAX_LIMIT || offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + " and offset 0-" + MAX_OFFSET);
        }
        if (region != null && (region.isBlank() || Article.NATIONAL.equals(region))) {
            region = null;
        }
    }

    public static SearchRequest of(String query) {
        return new SearchRequest(query, null, null, 10, 0, false);
    }

    public SearchRequest inCategory(Category c) {
        return new SearchRequest(query, c, region, limit, offset, includeExpired);
    }

    public SearchRequest forRegion(String r) {
        return new SearchRequest(query, category, r, limit, offset, includeExpired);
    }

    public SearchRequest page(int newLimit, int newOffset) {
        return new SearchRequest(query, category, region, newLimit, newOffset, includeExpired);
    }

    public SearchRequest withExpired(boolean include) {
        return new SearchRequest(query, category, region, limit, offset, include);
    }

    /**
     * The query as searched: control and format characters become spaces (a %00 or a bidi mark is no word),
     * surrounding space goes, and at most {@link #MAX_QUERY_CHARS} characters stay, never cutting a surrogate
     * pair. Empty means there is nothing to search for.
     */
    public String cleanQuery() {
        StringBuilder sb = new StringBuilder(Math.min(query.length(), MAX_QUERY_CHARS * 2));
        int count = 0;
        for (int i = 0; i < query.length() && count < MAX_QUERY_CHARS; ) {
            int cp = query.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE;
            sb.appendCodePoint(invisible ? ' ' : cp);
            count++;
        }
        return sb.toString().strip();
    }
}
