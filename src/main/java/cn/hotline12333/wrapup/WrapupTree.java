package cn.hotline12333.wrapup;

import cn.hotline12333.calllog.HandlingRecord.Resolution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of the wrap-up codes: topics (the IVR's topic tags, {@code pension}, {@code wage_arrears}, …), each
 * with its codes in the order agents see them. Immutable; a reload builds a new one. Code ids are unique across
 * the tree and are what a handling record's {@code wrapup_code} holds.
 *
 * @param version the version the file declares
 * @param digest  a hash of the file's text, telling two versions with the same declared version apart
 */
public record WrapupTree(String version, String digest, List<Topic> topics) {

    /** 已解答 / 需转办 / 已转接 / 无效来电 / 需回拨: the handling record's resolutions, in the form's order. */
    public static final Map<Resolution, String> RESOLUTIONS = resolutions();

    public WrapupTree {
        topics = List.copyOf(topics);
    }

    public record Topic(String id, String name, List<Code> codes) {
        public Topic {
            codes = List.copyOf(codes);
        }
    }

    public record Code(String id, String label) {
    }

    /** The code with this id, or null. */
    public Code code(String id) {
        for (Topic t : topics) {
            for (Code c : t.codes()) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The topic a code belongs to, or null. */
    public Topic topicOf(String codeId) {
        for (Topic t : topics) {
            for (Code c : t.codes()) {
                if (c.id().equals(codeId)) {
                    return t;
                }
            }
        }
        return null;
    }

    public Topic topic(String id) {
        for (Topic t : topics) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }

    private static Map<Resolution, String> resolutions() {
        Map<Resolution, String> m = new LinkedHashMap<>();
        m.put(Resolution.ANSWERED, "已解答");
        m.put(Resolution.REFERRED, "需转办");
        m.put(Resolution.TRANSFERRED, "已转接");
        m.put(Resolution.INVALID_CALL, "无效来电");
        m.put(Resolution.CALLBACK, "需回拨");
        return java.util.Collections.unmodifiableMap(m);
    }
}
