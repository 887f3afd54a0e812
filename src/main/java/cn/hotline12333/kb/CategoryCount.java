package cn.hotline12333.kb;

/** How many current (not expired) articles a category has. */
public record CategoryCount(Category category, int count) {
}
