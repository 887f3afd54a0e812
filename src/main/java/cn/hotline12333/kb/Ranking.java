package cn.hotline12333.kb;

/**
 * The knobs of the ranking, in one place so that the evaluation can try them. Defaults chosen on the tune
 * split and the leave-one-question-out check (docs/benchmarks.md), never on the held-out questions.
 *
 * @param title        weight of a word in the title or the tags (indexed in the title field): the topic
 * @param questions    in the caller questions: how callers put it
 * @param body         in the body: a mention
 * @param bigrams      weight of the bigram field. It holds the title, tags, questions and body, so its BM25 scores per term
 *                     are small (long field, common pairs) and a bigram still counts less than a word
 * @param ownRegion    factor for articles of the agent's region
 * @param otherRegion  factor for articles of another region
 * @param noAgentRegion factor for regional articles when the agent has no region
 * @param noMatchBelow  "no matching article" when the best hit explains less than this share of the query
 *                      ({@link QueryCoverage})
 * @param offTopicBelow "no matching article" too when it explains less than this share and shares none of the
 *                      query's hotline words ({@link QueryForms#topical}); both calibrated on the tune split's
 *                      unanswerable questions and the leave-one-question-out check
 * @param denseFloor    an article the embedding model finds enters the fused list only if its best passage is
 *                      at least this similar to the query (cosine): below it, bge-small-zh calls everything
 *                      Chinese somewhat similar, and a far article would only push a near one down
 * @param denseNoMatchBelow the model alone: "no matching article" when the nearest passage is less similar
 * @param hybridCoverage hybrid: "no matching article" when the text search says so ({@link #noMatch(QueryCoverage.Coverage)}),
 *                      or when the nearest passage is below {@code denseNoMatchBelow} and the best text hit explains
 *                      less than this share of the query: two weak signals make no answer, one strong one does.
 *                      Questions no article answers reach 0.5-0.65 similarity with some passage (it is all
 *                      Chinese about forms and offices), answerable ones 0.7 and more; the text search's coverage
 *                      keeps an answerable question the model finds far. Calibrated on the tune split only
 *                      (docs/benchmarks.md)
 * @param denseConfident hybrid: a query the text search would refuse (too little of it explained) is still
 *                      answered when its nearest passage is at least this similar: callers' own words for a topic
 *                      the articles name otherwise. 0.72: of the 288 tune questions no article answers, those the
 *                      text search refuses and no anchor claims reach at most 0.63, those an anchor claims 0.69
 *                      (0.75 before the anchors, when every such question counted; knowledge-base/README.md)
 * @param anchorMargin  hybrid: "no matching article" when the nearest out-of-scope anchor ({@link OutOfScope}) is at
 *                      least this much more similar to the query than the nearest article passage: questions about
 *                      other administrations' matters sit as near our articles as colloquial answerable ones, but
 *                      nearer still to the anchor of their own topic. Calibrated on the tune split only
 * @param anchorCoverage the anchor rule applies only when the best text hit explains less than this share of the
 *                      query: a question the text search explains (nearly) whole is ours, whatever the model says...
 * @param anchorWholeLead ...unless the anchor leads the nearest article passage by at least this much: a short
 *                      question whose one or two words an article merely mentions (护照 in the article on settling
 *                      abroad, 银行卡 in the card articles) is explained whole, yet it is clearly the anchor's topic.
 *                      Calibrated on the tune split only: no answerable question leads by more than -0.04,
 *                      none explained whole by more than -0.05 (knowledge-base/README.md)
 * @param farOffTopicBelow hybrid: "no matching article" when the best text hit shares none of the query's hotline
 *                      words and the nearest passage is less similar than this, however much of the query the text
 *                      search explains: a greeting, a bare number or a filler word ({@code 在吗}, {@code 110},
 *                      {@code 2025}) is matched whole by some body that happens to hold it. Tune: such questions
 *                      reach at most 0.57, answerable ones without a hotline word at least 0.70
 */
record Ranking(float title, float questions, float body, float bigrams, float ownRegion,
               float otherRegion, float noAgentRegion, double noMatchBelow, double offTopicBelow,
               float denseFloor, float denseNoMatchBelow, double hybridCoverage, float denseConfident,
               float anchorMargin, double anchorCoverage, float anchorWholeLead, float farOffTopicBelow) {

    static Ranking defaults() {
        return new Ranking(2f, 2f, 1.5f, 2f, 2f, 0.5f, 0.9f, 0.10, 0.15, 0.60f, 0.67f, 0.50, 0.72f, 0.0f, 1.0, 0.05f, 0.62f);
    }

    Ranking withNoMatch(double below, double offTopic) {
        return new Ranking(title, questions, body, bigrams, ownRegion, otherRegion, noAgentRegion, below, offTopic,
                denseFloor, denseNoMatchBelow, hybridCoverage, denseConfident, anchorMargin, anchorCoverage,
                anchorWholeLead, farOffTopicBelow);
    }

    Ranking withDense(float floor, float noMatch, double coverage) {
        return new Ranking(title, questions, body, bigrams, ownRegion, otherRegion, noAgentRegion, noMatchBelow,
                offTopicBelow, floor, noMatch, coverage, denseConfident, anchorMargin, anchorCoverage, anchorWholeLead,
                farOffTopicBelow);
    }

    Ranking withAnchor(float margin, double coverage, float wholeLead) {
        return new Ranking(title, questions, body, bigrams, ownRegion, otherRegion, noAgentRegion, noMatchBelow,
                offTopicBelow, denseFloor, denseNoMatchBelow, hybridCoverage, denseConfident, margin, coverage,
                wholeLead, farOffTopicBelow);
    }

    Ranking withDenseConfident(float confident) {
        return new Ranking(title, questions, body, bigrams, ownRegion, otherRegion, noAgentRegion, noMatchBelow,
                offTopicBelow, denseFloor, denseNoMatchBelow, hybridCoverage, confident, anchorMargin, anchorCoverage,
                anchorWholeLead, farOffTopicBelow);
    }

    Ranking withFarOffTopic(float below) {
        return new Ranking(title, questions, body, bigrams, ownRegion, otherRegion, noAgentRegion, noMatchBelow,
                offTopicBelow, denseFloor, denseNoMatchBelow, hybridCoverage, denseConfident, anchorMargin,
                anchorCoverage, anchorWholeLead, below);
    }

    /**
     * Hybrid: the query is about a matter of another administration ({@code anchor}, the nearest out-of-scope
     * anchor, null when there are none) rather than one of ours: that anchor is at least as near as the nearest
     * article passage ({@code similarity}) and the text search does not explain the query whole, or the anchor is
     * clearly nearer ({@code anchorWholeLead}) whatever the text search explains. Never for a query the model does
     * not read ({@code modelReads} false: pinyin, {@link #modelReads}).
     */
    boolean outOfScope(OutOfScope.Match anchor, float similarity, QueryCoverage.Coverage c, boolean modelReads) {
        if (!modelReads || anchor == null) {
            return false;
        }
        float lead = anchor.similarity() - similarity;
        return lead >= anchorMargin && c.share() < anchorCoverage || lead >= anchorWholeLead;
    }

    /**
     * Whether the embedding model reads a query, so that its similarities may decide "no matching article": not
     * when Latin letters outnumber the Chinese characters (pinyin, initials such as {@code sbk 挂失}: the model was
     * not trained on them), but an abbreviation inside a Chinese question ({@code QQ号被盗了}, {@code ATM机},
     * {@code 掌上12333 APP}) it reads like any other word. Tune: the four Latin-letter questions no article
     * answers were answered while any Latin letter turned the model off; no answerable one changes.
     */
    static boolean modelReads(String query) {
        int latin = 0;
        int han = 0;
        for (int i = 0; i < query.length(); i++) {
            char ch = query.charAt(i);
            if (ch < 128 && Character.isLetter(ch)) {
                latin++;
            } else if (Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN) {
                han++;
            }
        }
        return latin <= han;
    }

    boolean noMatch(QueryCoverage.Coverage c) {
        return c.share() < noMatchBelow || (!c.topical() && c.share() < offTopicBelow);
    }

    /**
     * Hybrid: the text search's coverage of the query and the nearest passage's similarity together.
     * {@code modelReads} false (a query mostly in Latin letters: pinyin and initials, which the model was not
     * trained to read, {@link #modelReads}): the similarity says nothing, and the text search decides alone. A
     * query the text search refuses is still answered when the model is confident ({@code denseConfident}); one it
     * accepts without a hotline word in common is refused when the model finds it far ({@code farOffTopicBelow}).
     */
    boolean noMatch(QueryCoverage.Coverage c, float similarity, boolean modelReads) {
        if (noMatch(c)) {
            return !(modelReads && similarity >= denseConfident);
        }
        return modelReads && (similarity < denseNoMatchBelow && c.share() < hybridCoverage
                || !c.topical() && similarity < farOffTopicBelow);
    }

    /**
     * Hybrid's decision as {@code ArticleSearch} makes it, from the {@link Answerability.Signals} of the search:
     * referred to another administration ({@link #outOfScope}) or refused by the text search's coverage and the
     * model's similarity together.
     */
    boolean hybridNoMatch(Answerability.Signals s) {
        return outOfScope(s.anchor(), s.similarity(), s.coverage(), s.modelReads())
                || (s.textHits() == 0 ? s.similarity() < denseNoMatchBelow
                        : noMatch(s.coverage(), s.similarity(), s.modelReads()));
    }

    float weight(String field) {
        return switch (field) {
            case ArticleFields.TITLE -> title;
            case ArticleFields.QUESTIONS -> questions;
            case ArticleFields.BODY -> body;
            default -> throw new IllegalArgumentException("not a searched field: " + field);
        };
    }
}
