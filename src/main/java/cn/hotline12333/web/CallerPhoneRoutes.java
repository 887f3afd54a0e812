package cn.hotline12333.web;

import cn.hotline12333.calllog.CallContexts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/calls/{callId}/caller-phone}: the caller's full number, for the work order an agent makes from
 * the call (its callback number). Only an agent the call rang gets it (a manager too only if it rang him); everyone
 * else sees the number masked in the context and gets a 403 here. Each answer is a reveal: logged and written to
 * the {@link Audit} stream. After that the number lives on the order, where only its assignee may reveal it.
 */
public final class CallerPhoneRoutes {

    private final CallContexts contexts;
    private final Audit audit;

    public CallerPhoneRoutes(CallContexts contexts, Audit audit) {
        this.contexts = contexts;
        this.audit = audit;
    }

    public List<Route> routes() {
        return List.of(new Route("POST", "/api/calls/{callId}/caller-phone", Role.AGENT, this::reveal));
    }

    private ApiResponse reveal(ApiRequest r) throws ApiError {
        String given = r.pathParam("callId");
        var m = given == null ? null : DeskRoutes.CALL_ID.matcher(given);
        if (m == null || !m.matches()) {
            throw ApiError.badParameter("callId", "must be <asterisk system>~<uniqueid>, such as pbx-bj-1~1732259050.17");
        }
        String callId = CallContexts.callId(m.group(1), m.group(2));
        String user = r.user().name();
        String number;
        try {
            if (!contexts.read(callId).offeredTo(user)) {
                throw new ApiError(403, "the caller's full number is shown only to the agents call " + callId + " rang");
            }
            number = contexts.callerNumber(callId);
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw new ApiError(503, "数据服务不可用: the call data store is not answering", 5);
        }
        if (number == null) {
            throw ApiError.notFound("caller number of call " + callId);
        }
        audit.record(user, "reveal_caller_phone", callId, Map.of("field", "caller_phone"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callId", callId);
        body.put("callerPhone", number);
        return ApiResponse.ok(body);
    }
}
