package cn.hotline12333.ivr;

/**
 * What a caller hears at one point of a flow: the Mandarin text (the source of rendered audio, and what
 * `hotline simulate` prints) and the Asterisk sound name played for it, relative to the language's sound
 * directory (for example {@code hotline/welcome} is {@code sounds/zh/hotline/welcome.wav}).
 */
public record Prompt(String text, String audio) {
}
