package cn.hotline12333.sim;

/**
 * A channel as AMI events show it (ast_manager_build_channel_state_string): the block that opens caller events
 * and, prefixed {@code Dest}, describes the member leg in Agent* events. Caller id that is not set reads
 * {@code <unknown>} there.
 *
 * @param state ast_channel_state: 0 Down, 4 Ring, 5 Ringing, 6 Up (see {@link #stateDesc})
 */
public record AmiChannel(String name, int state, String callerIdNum, String callerIdName, String connectedLineNum,
                         String connectedLineName, String language, String accountCode, String context, String exten,
                         int priority, String uniqueId, String linkedId) {

    public static final String UNKNOWN = "<unknown>";

    private static final String[] STATES = {"Down", "Rsrvd", "OffHook", "Dialing", "Ring", "Ringing", "Up", "Busy",
            "Dialing Offhook", "Pre-ring"};

    /** An answered caller channel with caller id {@code number} (null: not set) running Queue in {@code context}. */
    public static AmiChannel caller(String name, String number, String context, String exten, int priority,
                                    String uniqueId, String linkedId) {
        String num = number == null || number.isEmpty() ? UNKNOWN : number;
        return new AmiChannel(name, 6, num, UNKNOWN, UNKNOWN, UNKNOWN, "zh", "", context, exten, priority, uniqueId,
                linkedId);
    }

    /** The leg app_queue dials to ring a member: Down, the caller's number as its caller id. */
    public static AmiChannel memberLeg(String name, String callerNumber, String context, String exten,
                                       String uniqueId, String linkedId) {
        String num = callerNumber == null || callerNumber.isEmpty() ? UNKNOWN : callerNumber;
        return new AmiChannel(name, 0, num, UNKNOWN, UNKNOWN, UNKNOWN, "zh", "", context, exten, 1, uniqueId,
                linkedId);
    }

    public AmiChannel withState(int newState) {
        return new AmiChannel(name, newState, callerIdNum, callerIdName, connectedLineNum, connectedLineName, language,
                accountCode, context, exten, priority, uniqueId, linkedId);
    }

    public String stateDesc() {
        return state >= 0 && state < STATES.length ? STATES[state] : "Unknown";
    }

    /** The channel block with every name prefixed (Dest, LocalOne…), appended to {@code to}. */
    AmiMessage block(String prefix, AmiMessage to) {
        return to.add(prefix + "Channel", name).add(prefix + "ChannelState", state)
                .add(prefix + "ChannelStateDesc", stateDesc()).add(prefix + "CallerIDNum", callerIdNum)
                .add(prefix + "CallerIDName", callerIdName).add(prefix + "ConnectedLineNum", connectedLineNum)
                .add(prefix + "ConnectedLineName", connectedLineName).add(prefix + "Language", language)
                .add(prefix + "AccountCode", accountCode).add(prefix + "Context", context)
                .add(prefix + "Exten", exten).add(prefix + "Priority", priority)
                .add(prefix + "Uniqueid", uniqueId).add(prefix + "Linkedid", linkedId);
    }
}
