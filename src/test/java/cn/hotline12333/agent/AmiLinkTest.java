package cn.hotline12333.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.SendActionCallback;
import org.asteriskjava.manager.SendEventGeneratingActionCallback;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.QueueRemoveAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.internal.TranscriptEvents;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The link at Asterisk-Java's ManagerConnection seam: a mock connection, the floor's tasks run by hand. */
class AmiLinkTest {
    private final FloorClock clock = new FloorClock();
    private final ArrayDeque<Runnable> floorTasks = new ArrayDeque<>();
    private final ScheduledExecutorService timer = mock(ScheduledExecutorService.class);
    private final ManagerConnection conn = mock(ManagerConnection.class);
    private final List<ManagerAction> sent = new ArrayList<>();
    private final List<SendActionCallback> callbacks = new ArrayList<>();
    private final List<SendEventGeneratingActionCallback> listCallbacks = new ArrayList<>();
    private final List<Boolean> linkStates = new ArrayList<>();
    private AgentFloor floor;
    private AmiLink link;
    private ManagerEventListener listener;
    private boolean ingesting = true;

    @BeforeEach
    void connect() throws Exception {
        floor = new AgentFloor(AgentSettings.defaults(), clock, (m, o, r) -> link.send(m, o, r), ViewStore.NONE,
                s -> { }, h -> { }, floorTasks::add);
        floor.addListener(new DeskListener() {
            @Override
            public void linkChanged(boolean up) {
                linkStates.add(up);
            }
        });
        link = new AmiLink(() -> conn, floor, floorTasks::add, timer, () -> ingesting, Set.of("hotline-general"),
                clock);
        org.mockito.Mockito.doAnswer(i -> {
            sent.add(i.getArgument(0));
            callbacks.add(i.getArgument(1));
            return null;
        }).when(conn).sendAction(any(ManagerAction.class), any(SendActionCallback.class));
        org.mockito.Mockito.doAnswer(i -> {
            sent.add(i.getArgument(0));
            listCallbacks.add(i.getArgument(1));
            return null;
        }).when(conn).sendEventGeneratingAction(any(), any(SendEventGeneratingActionCallback.class));
        link.connect();
        ArgumentCaptor<ManagerEventListener> captor = ArgumentCaptor.forClass(ManagerEventListener.class);
        verify(conn).addEventListener(captor.capture());
        listener = captor.getValue();
        runFloor(); // login() returned
    }

    private void runFloor() {
        while (!floorTasks.isEmpty()) {
            floorTasks.poll().run();
        }
    }

    private static ResponseEvents list(ManagerEvent... events) {
        ResponseEvents r = mock(ResponseEvents.class);
        List<ResponseEvent> items = new ArrayList<>();
        for (ManagerEvent e : events) {
            items.add((ResponseEvent) e);
        }
        when(r.getEvents()).thenReturn(items);
        return r;
    }

    private static ManagerEvent member(String name, String location, int paused) {
        return TranscriptEvents.build("Event: QueueMember", "Queue: hotline-general", "Name: " + name,
                "Location: " + location, "StateInterface: " + location, "Membership: dynamic", "Paused: " + paused,
                "PausedReason: ", "Status: 1");
    }

    /** FullyBooted, QueueStatus with {@code members}, no channels. */
    private void boot(ManagerEvent... members) {
        listener.onManagerEvent(TranscriptEvents.build("Event: FullyBooted", "Uptime: 5", "LastReload: 4",
                "Status: Fully Booted"));
        runFloor();
        assertThat(sent).last().isInstanceOf(QueueStatusAction.class);
        listCallbacks.get(0).onResponse(list(members));
        runFloor();
        assertThat(sent).last().isInstanceOf(CoreShowChannelsAction.class);
        listCallbacks.get(1).onResponse(list());
        runFloor();
    }

    private AgentView agent(String name, String extension, AgentState state) {
        AgentView v = new AgentView(name);
        v.extension = extension;
        v.iface = "PJSIP/" + extension;
        v.queues = List.of("hotline-general");
        v.state = state;
        v.reason = state == AgentState.NOT_READY ? "休息" : null;
        return v;
    }

    @Test
    void logsInWithTheEventMaskAndAReadTimeout() throws Exception {
        verify(conn).login("system,agent,call");
        verify(conn).setSocketReadTimeout(10_000);
    }

    @Test
    void theListenerOnlyHandsEventsToTheFloor() {
        listener.onManagerEvent(TranscriptEvents.build("Event: Newchannel", "Channel: PJSIP/1-1"));
        assertThat(floorTasks).hasSize(1);
        assertThat(link.facts().ignored.sum()).isZero();
    }

    @Test
    void theItemsOfOurOwnListsAreNotCopiedOntoTheFloor() {
        // Asterisk-Java's builder reads its own prefix off the ActionID ("<internal id>#"): an answer to our action
        listener.onManagerEvent(TranscriptEvents.build("Event: QueueEntry", "ActionID: 7f3a_12#", "Queue: hotline-general",
                "Position: 1", "Uniqueid: 9.1", "Wait: 30"));
        listener.onManagerEvent(TranscriptEvents.build("Event: CoreShowChannel", "ActionID: 7f3a_13#",
                "Channel: PJSIP/trunk-1", "Uniqueid: 9.1", "Linkedid: 9.1"));
        assertThat(floorTasks).as("the list's callback has them; the floor's queue stays for live events").isEmpty();
        // QueueMemberStatus is a ResponseEvent to Asterisk-Java too, but a live one (no ActionID): the floor gets it
        listener.onManagerEvent(TranscriptEvents.build("Event: QueueMemberStatus", "Queue: hotline-general",
                "MemberName: 1001", "Interface: PJSIP/6001", "Status: 5", "Paused: 0"));
        assertThat(floorTasks).hasSize(1);
    }

    @Test
    void aMemberFoundByItsLocationInAnotherCaseIsTheAgents() {
        AgentView ready = agent("1001", "6001", AgentState.READY);
        AgentView out = agent("1002", "6002", AgentState.LOGGED_OUT);
        floor.load(List.of(ready, out));
        boot(member("PJSIP/6001", "pjsip/6001", 1),    // added without MemberName: Name is the interface
                member("1002", "PJSIP/6002", 1),        // logged out: removed
                member("1002", "PJSIP/6002", 1));       // listed twice, removed twice as before
        assertThat(sent).filteredOn(a -> !(a instanceof QueueStatusAction || a instanceof CoreShowChannelsAction))
                .extracting(a -> a.getAction() + " " + describe(a))
                .containsExactlyInAnyOrder("QueuePause hotline-general PJSIP/6001 paused=false",
                        "QueueRemove hotline-general PJSIP/6002", "QueueRemove hotline-general PJSIP/6002");
        assertThat(floor.view("1001").memberOf).containsExactly("hotline-general");
        assertThat(floor.view("1002").memberOf).containsExactly("hotline-general");
    }

    @Test
    void afterBootTheQueuesAreReconciledWithTheIntentBeforeNewEventsApply() {
        floor.load(List.of(agent("1001", "6001", AgentState.READY), agent("1002", "6002", AgentState.NOT_READY),
                agent("1003", "6003", AgentState.READY)));
        listener.onManagerEvent(TranscriptEvents.build("Event: FullyBooted", "Uptime: 5", "LastReload: 4"));
        runFloor();
        // an event during the resync waits
        listener.onManagerEvent(TranscriptEvents.build("Event: AgentCalled", "Queue: hotline-general",
                "Uniqueid: 9.1", "MemberName: 1003", "Interface: PJSIP/6003"));
        runFloor();
        assertThat(floor.view("1003").state).isEqualTo(AgentState.READY);

        listCallbacks.get(0).onResponse(list(
                member("1002", "PJSIP/6002", 0),        // should be paused
                member("1003", "PJSIP/6003", 0),        // fine
                member("stranger", "PJSIP/6999", 0)));  // nobody intends it
        runFloor();
        listCallbacks.get(1).onResponse(list());
        runFloor();

        assertThat(sent).filteredOn(a -> !(a instanceof QueueStatusAction || a instanceof CoreShowChannelsAction))
                .extracting(a -> a.getAction() + " " + describe(a))
                .containsExactlyInAnyOrder("QueueAdd hotline-general PJSIP/6001 paused=false",
                        "QueuePause hotline-general PJSIP/6002 paused=true",
                        "QueueRemove hotline-general PJSIP/6999");
        assertThat(link.corrections.sum()).isEqualTo(3);
        assertThat(link.phase()).isEqualTo(AmiLink.Phase.LIVE);
        assertThat(floor.view("1003").state).as("the held event applied after the resync")
                .isEqualTo(AgentState.RINGING);
        assertThat(linkStates).containsExactly(true);
    }

    @Test
    void theDriftCheckCountsCorrectionsAgain() {
        floor.load(List.of(agent("1001", "6001", AgentState.READY)));
        boot(member("1001", "PJSIP/6001", 0));
        assertThat(link.corrections.sum()).isZero();
        link.driftCheck();
        runFloor();
        listCallbacks.get(2).onResponse(list()); // the member was lost meanwhile
        runFloor();
        listCallbacks.get(3).onResponse(list());
        runFloor();
        assertThat(link.corrections.sum()).isEqualTo(1);
        assertThat(sent).last().isInstanceOf(QueueAddAction.class);
    }

    @Test
    void aStandbyNodeNeitherAppliesNorCorrects() {
        ingesting = false;
        floor.load(List.of(agent("1001", "6001", AgentState.READY)));
        boot();
        listener.onManagerEvent(TranscriptEvents.build("Event: AgentCalled", "Queue: hotline-general",
                "Uniqueid: 9.1", "MemberName: 1001", "Interface: PJSIP/6001"));
        runFloor();
        assertThat(link.corrections.sum()).isZero();
        assertThat(floor.view("1001").state).isEqualTo(AgentState.READY);
    }

    @Test
    void aCallWhoseChannelsVanishedDuringTheGapGoesToWrapUp() {
        AgentView v = agent("1001", "6001", AgentState.ON_CALL);
        v.call = new AgentView.CallLeg("7.7", "hotline-general", null, clock.millis());
        v.call.answeredAt = clock.millis();
        floor.load(List.of(v));
        boot(member("1001", "PJSIP/6001", 1));
        assertThat(v.state).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void aDisconnectLogsOffAndReconnectsWithinASecondOnOurOwnTimer() {
        boot();
        listener.onManagerEvent(new DisconnectEvent(this));
        ArgumentCaptor<Runnable> task = ArgumentCaptor.forClass(Runnable.class);
        verify(timer).execute(task.capture());
        task.getValue().run();
        runFloor();
        verify(conn).logoff();
        assertThat(link.phase()).isEqualTo(AmiLink.Phase.DOWN);
        assertThat(linkStates).containsExactly(true, false);
        ArgumentCaptor<Long> delay = ArgumentCaptor.forClass(Long.class);
        verify(timer).schedule(any(Runnable.class), delay.capture(), eq(TimeUnit.MILLISECONDS));
        assertThat(delay.getValue()).isBetween(200L, 1000L);
    }

    /**
     * Events Asterisk-Java had read before the socket died, still queued on the floor when the drop is handled, are
     * facts from before the gap: applied, not thrown away. They were held (the phase was no longer LIVE) and the
     * drop cleared the held ones: an AgentComplete read just before the drop was lost, and the agent stayed ON_CALL
     * until the resync guessed the call's end without its TalkTime.
     */
    @Test
    void eventsReadBeforeADropAreStillApplied() {
        boot();
        AgentView v = agent("1001", "6001", AgentState.ON_CALL);
        v.call = new AgentView.CallLeg("7.7", "hotline-general", null, clock.millis());
        v.call.answeredAt = clock.millis();
        floor.load(List.of(v));
        listener.onManagerEvent(TranscriptEvents.build("Event: AgentComplete", "Uniqueid: 7.7",
                "Queue: hotline-general", "MemberName: 1001", "Interface: PJSIP/6001", "HoldTime: 3",
                "TalkTime: 42", "Reason: caller"));
        listener.onManagerEvent(new DisconnectEvent(this));
        ArgumentCaptor<Runnable> task = ArgumentCaptor.forClass(Runnable.class);
        verify(timer).execute(task.capture());
        task.getValue().run(); // the timer handles the drop before the floor has caught up
        runFloor();
        assertThat(link.phase()).isEqualTo(AmiLink.Phase.DOWN);
        assertThat(v.state).isEqualTo(AgentState.WRAP_UP);
        assertThat(v.call.talkSeconds).isEqualTo(42);
    }

    @Test
    void aMissingPongWithinTheReadTimeoutDropsAHalfOpenLink() {
        boot();
        link.ping();
        assertThat(sent).last().isInstanceOf(PingAction.class);
        clock.advance(Duration.ofSeconds(5));
        link.ping();
        verify(conn, never()).logoff();
        clock.advance(Duration.ofMillis(5001));
        link.ping();
        verify(conn).logoff();
        assertThat(link.phase()).isEqualTo(AmiLink.Phase.DOWN);
    }

    @Test
    void anAnsweredPingKeepsTheLink() {
        boot();
        clock.advance(Duration.ofSeconds(9));
        link.ping();
        callbacks.get(callbacks.size() - 1).onResponse(new ManagerResponse());
        clock.advance(Duration.ofSeconds(9));
        link.ping();
        verify(conn, never()).logoff();
    }

    @Test
    void aRefusedLoginIsRetriedAndLoggedAtMostOnceAMinute() throws Exception {
        ManagerConnection refusing = mock(ManagerConnection.class);
        doThrow(new AuthenticationFailedException("Authentication failed")).when(refusing).login(anyString());
        AmiLink l = new AmiLink(() -> refusing, floor, floorTasks::add, timer, () -> true, Set.of(), clock);
        l.connect();
        l.connect();
        verify(timer, org.mockito.Mockito.times(2)).schedule(any(Runnable.class), anyLong(), eq(TimeUnit.MILLISECONDS));
        assertThat(l.phase()).isEqualTo(AmiLink.Phase.DOWN);
    }

    @Test
    void anActionAsteriskRefusesIsReportedAsNotAppliedWithItsReason() {
        floor.load(List.of(agent("1001", "6001", AgentState.NOT_READY)));
        boot(member("1001", "PJSIP/6001", 1));
        floor.desk("1001", Trigger.of(Trigger.Kind.READY));
        assertThat(sent).last().isInstanceOf(QueuePauseAction.class);
        ManagerError error = new ManagerError();
        error.setResponse("Error");
        error.setMessage("Interface not found");
        callbacks.get(callbacks.size() - 1).onResponse(error);
        runFloor();
        AgentSnapshot s = floor.snapshot("1001");
        assertThat(s.request()).isNull();
        assertThat(s.refused()).isEqualTo("Interface not found");
        assertThat(s.state()).isEqualTo(AgentState.NOT_READY);
    }

    @Test
    void alreadyThereConfirmsALogin() {
        boot();
        floor.login("1001", "6001");
        ManagerError error = new ManagerError();
        error.setResponse("Error");
        error.setMessage("Unable to add interface: Already there");
        callbacks.get(callbacks.size() - 1).onResponse(error);
        runFloor();
        assertThat(floor.snapshot("1001").state()).isEqualTo(AgentState.NOT_READY);
    }

    @Test
    void aCorrectionsAlreadyThereIsTakenAsTheMemberPresent() {
        // the login's QueueAdd landed while the link was down: the resync missed it, the correction is refused
        floor.load(List.of(agent("1001", "6001", AgentState.NOT_READY)));
        boot();
        assertThat(sent).last().isInstanceOf(QueueAddAction.class);
        assertThat(floor.view("1001").memberOf).isEmpty();
        ManagerError error = new ManagerError();
        error.setResponse("Error");
        error.setMessage("Unable to add interface: Already there");
        callbacks.get(callbacks.size() - 1).onResponse(error);
        runFloor();
        assertThat(floor.view("1001").memberOf).containsExactly("hotline-general");
    }

    @Test
    void withTheLinkDownARequestIsNotAppliedAndSaysWhy() {
        link.close();
        floor.load(List.of(agent("1001", "6001", AgentState.NOT_READY)));
        floor.desk("1001", Trigger.of(Trigger.Kind.READY));
        runFloor();
        assertThat(floor.snapshot("1001").refused()).isEqualTo("AMI link down");
    }

    private static String describe(ManagerAction a) {
        if (a instanceof QueueAddAction q) {
            return q.getQueue() + " " + q.getInterface() + " paused=" + q.getPaused();
        }
        if (a instanceof QueuePauseAction q) {
            return q.getQueue() + " " + q.getInterface() + " paused=" + q.getPaused();
        }
        if (a instanceof QueueRemoveAction q) {
            return q.getQueue() + " " + q.getInterface();
        }
        return "";
    }
}
