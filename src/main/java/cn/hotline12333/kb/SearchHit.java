package cn.hotline12333.kb;

/** One found article; {@code snippet} is HTML-escaped text with the matched words in {@code <em>}. */
public record SearchHit(String id, String title, Category category, String region, float score, String snippet) {
}
