package cn.hotline12333.web;

import java.util.Map;

/**
 * Where the wallboard's figures come from: one flat map from a path ({@code q.hotline-pension.waiting},
 * {@code total.today.sl}) to a number, a string or a {@link cn.hotline12333.stats.Kpi}. Called by the wallboard's
 * ticker thread only, once per tick however many screens watch; it may block on Redis and throws when its data
 * cannot be read (the screens then show the stale banner).
 */
@FunctionalInterface
public interface WallboardSource {
    Map<String, Object> figures() throws Exception;
}
