package cn.hotline12333.cli;

import static cn.hotline12333.config.SettingKey.HOTLINE_FLOWS;
import static cn.hotline12333.config.SettingKey.STATS_CLAIM_IDLE;
import static cn.hotline12333.config.SettingKey.TASK_LEASE;
import static cn.hotline12333.config.SettingKey.TASK_MAX_ATTEMPTS;
import static cn.hotline12333.config.SettingKey.WORK_ORDER_DUE_CHECK;
import static cn.hotline12333.config.SettingKey.WORK_ORDER_TYPES;

import cn.hotline12333.calllog.CallLog;
import cn.hotline12333.config.Settings;
import cn.hotline12333.ivr.CallerHash;
import cn.hotline12333.ivr.FlowLibrary;
import cn.hotline12333.store.Redis;
import cn.hotline12333.web.Audit;
import cn.hotline12333.web.Route;
import cn.hotline12333.web.TaskRoutes;
import cn.hotline12333.web.WorkOrderRoutes;
import cn.hotline12333.workorder.DueWatch;
import cn.hotline12333.workorder.OrderTypes;
import cn.hotline12333.workorder.TaskIntake;
import cn.hotline12333.workorder.Tasks;
import cn.hotline12333.workorder.WorkOrders;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's work orders and tasks: the types file beside the flows (watched), the work orders on the IVR's own
 * calendar, the task intake from the calls stream, and their routes. Changes go to the call log as follow-up
 * records.
 */
final class WorkOrderWiring implements AutoCloseable {
    private final OrderTypes types;
    private final TaskIntake intake;
    private final DueWatch dueWatch;
    private final List<Route> routes;

    private WorkOrderWiring(OrderTypes types, TaskIntake intake, DueWatch dueWatch, List<Route> routes) {
        this.types = types;
        this.intake = intake;
        this.dueWatch = dueWatch;
        this.routes = routes;
    }

    static WorkOrderWiring start(Settings settings, FlowLibrary flows, Redis redis, CallLog callLog,
                                 Clock clock, CallerHash callerHash, String nodeName, DueWatch.Desks desks,
                                 TaskRoutes.Dialer dialer) {
        String file = settings.string(WORK_ORDER_TYPES,
                Path.of(settings.string(HOTLINE_FLOWS)).resolve(OrderTypes.FILE_NAME).toString());
        OrderTypes types = OrderTypes.open(Path.of(file), true);
        try {
            WorkOrders orders = new WorkOrders(redis, types, () -> CalendarCommand.calendar(flows.current().hours()),
                    clock, callerHash::of, callLog::submit);
            Tasks tasks = new Tasks(redis, new Tasks.Settings(settings.duration(TASK_LEASE),
                    settings.integer(TASK_MAX_ATTEMPTS)), clock, callLog::submit);
            TaskIntake intake = TaskIntake.start(redis, tasks, nodeName, settings.duration(STATS_CLAIM_IDLE).toMillis());
            Audit audit = new Audit(redis, clock);
            List<Route> routes = new ArrayList<>(new WorkOrderRoutes(orders, audit).routes());
            routes.addAll(new TaskRoutes(tasks, audit, dialer).routes());
            DueWatch dueWatch = DueWatch.start(redis, orders, desks, positive(settings, WORK_ORDER_DUE_CHECK));
            return new WorkOrderWiring(types, intake, dueWatch, routes);
        } catch (RuntimeException e) {
            types.close();
            throw e;
        }
    }

    List<Route> routes() {
        return routes;
    }

    private static java.time.Duration positive(Settings settings, cn.hotline12333.config.SettingKey key) {
        java.time.Duration d = settings.duration(key);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
        return d;
    }

    @Override
    public void close() {
        dueWatch.close();
        intake.close();
        types.close();
    }
}
