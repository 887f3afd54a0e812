package cn.hotline12333.kb;

/** Which lists a search ranks by: the text search, the embedding model's nearest articles, or both fused. */
enum Retrieval {
    LEXICAL, DENSE, HYBRID
}
