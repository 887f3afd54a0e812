package cn.hotline12333.ivr;

import cn.hotline12333.calllog.CallContext;
import cn.hotline12333.calllog.CallRecord.Exit;
import cn.hotline12333.calllog.CallRecord.Input;
import cn.hotline12333.calllog.CallRecord.ServiceResult;
import cn.hotline12333.calllog.CallRecord.Visit;
import cn.hotline12333.ivr.Node.MenuNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The screen pop's context of a call about to enter a queue, in the agent's words, from what its record draft
 * holds so far. Flow nodes have no titles, so a menu choice is named by its own menu prompt: in
 * "社会保险请按1，社保卡请按2" key 1 is 社会保险. The first menu is 主菜单, and coming back to it starts the path
 * again; {@code *} takes the last choice back. Pure: runs on the call's loop, no I/O.
 */
final class PopContext {
    static final String FIRST_MENU = "主菜单";
    // 养老金到账查询：成功 — names agents know; a service missing here shows by its code.
    private static final Map<String, String> SERVICES = Map.of(
            "pension_payment", "养老金到账查询",
            "contributions", "缴费记录查询",
            "unemployment_benefit", "失业保险金查询",
            "card_status", "社保卡状态查询",
            "card_report_loss", "社保卡挂失");
    private static final Pattern CLAUSE_SPLIT = Pattern.compile("[，。；;,！!？?]");

    private PopContext() {
    }

    static CallContext of(RecordDraft draft, FlowSet flows, String masked, String queue, Instant enteredAt) {
        List<ServiceResult> ran = draft.servicesSoFar();
        List<CallContext.Service> services = new ArrayList<>();
        for (ServiceResult s : ran) {
            services.add(new CallContext.Service(s.service(), s.ok(), serviceWords(s.service(), s.ok())));
        }
        return new CallContext(CallContext.VERSION, draft.callId(), draft.asteriskSystem, draft.uniqueId(),
                draft.callerHash, masked, draft.flowName(), path(draft.pathSoFar(), flows), draft.topicsSoFar(),
                services, citizenId(draft.inputsSoFar()), queue, RecordDraft.at(draft.startedAt()),
                RecordDraft.at(enteredAt));
    }

    static String serviceWords(String service, boolean ok) {
        return SERVICES.getOrDefault(service, service) + "：" + (ok ? "成功" : "未查到结果");
    }

    static List<String> path(List<Visit> visits, FlowSet flows) {
        List<String> words = new ArrayList<>();
        Visit first = null;
        for (Visit v : visits) {
            Flow flow = flows.flow(v.flow());
            Node node = flow == null ? null : flow.node(v.node());
            if (!(node instanceof MenuNode menu)) {
                continue;
            }
            if (first == null || (first.flow().equals(v.flow()) && first.node().equals(v.node()))) {
                first = v;
                words.clear();
                words.add(FIRST_MENU);
            }
            if (v.exit() != Exit.KEY || v.key() == null) {
                continue;
            }
            if (v.key().equals("*") && !menu.options().containsKey("*")) {
                if (words.size() > 1) {
                    words.remove(words.size() - 1);
                }
            } else if (!v.key().equals("9") || menu.options().containsKey("9")) {
                words.add(choice(menu, v.key()));
            }
        }
        return words;
    }

    /** What the menu's prompt calls {@code key}: the clause before "请按1"; else "按1". */
    static String choice(MenuNode menu, String key) {
        String spoken = switch (key) {
            case "*" -> "(?:星号|\\*)键?";
            case "#" -> "(?:井号|#)键?";
            default -> Pattern.quote(key) + "键?";
        };
        Pattern clause = Pattern.compile("^(.+?)请?按" + spoken + "$");
        if (menu.prompt() != null && menu.prompt().text() != null) {
            for (String part : CLAUSE_SPLIT.split(menu.prompt().text())) {
                Matcher m = clause.matcher(part.trim());
                if (m.matches()) {
                    return m.group(1).trim();
                }
            }
        }
        return key.equals("0") ? "人工" : "按" + key;
    }

    private static String citizenId(List<Input> inputs) {
        String last = null;
        for (Input i : inputs) {
            if ("citizen_id".equals(i.kind()) && i.valid()) {
                last = i.value(); // already masked by Keyed: first 4 and last 4 at most
            }
        }
        return last;
    }
}
