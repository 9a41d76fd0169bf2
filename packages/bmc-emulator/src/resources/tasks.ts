import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';
import { resource, serviceOf } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';
import type { EmulatedTask } from '../tasks.js';

/** Where tasks live. */
export const TASKS = `${REDFISH_ROOT}/TaskService/Tasks`;
/** Where task monitors live. */
export const TASK_MONITORS = `${REDFISH_ROOT}/TaskService/TaskMonitors`;

/** Renders a `Task`. */
export function taskBody(t: EmulatedTask): JsonObject {
  return {
    ...odata(`${TASKS}/${t.id}`, '#Task.v1_7_0.Task'),
    Id: t.id,
    Name: t.name,
    TaskState: t.state,
    TaskStatus: t.status,
    PercentComplete: t.percent,
    StartTime: t.startTime.toISOString(),
    ...(t.endTime ? { EndTime: t.endTime.toISOString() } : {}),
    TaskMonitor: `${TASK_MONITORS}/${t.id}`,
    HidePayload: false,
    Payload: {
      TargetUri: t.payload.uri,
      HttpOperation: t.payload.method,
      HttpHeaders: [],
      JsonBody: t.payload.body,
    },
    Messages: t.messages.map((m) => ({ ...m })),
  };
}

/**
 * Headers and body of a `202 Accepted` answer that started `t`: `Location` is the task monitor (202
 * while running, 200 with the Task once done); the body is the Task (with `TaskUri` naming it) without
 * `@odata.id`, so clients such as sushy poll the monitor rather than the Task resource.
 */
export function accepted(t: EmulatedTask): {
  status: number;
  body: JsonObject;
  headers: Record<string, string>;
} {
  return {
    status: 202,
    body: (() => {
      const { '@odata.id': _id, '@odata.context': _context, ...rest } = taskBody(t);
      return { ...rest, TaskUri: `${TASKS}/${t.id}` };
    })(),
    headers: { Location: `${TASK_MONITORS}/${t.id}`, 'Retry-After': '1' },
  };
}

/** Registers TaskService, Tasks and task monitors (202 while running, 200 with the task once done). */
export function registerTaskService(app: FastifyInstance): void {
  resource(app, `${REDFISH_ROOT}/TaskService`, {
    get: () => ({
      ...odata(`${REDFISH_ROOT}/TaskService`, '#TaskService.v1_2_0.TaskService'),
      Id: 'TaskService',
      Name: 'Task Service',
      ServiceEnabled: true,
      CompletedTaskOverWritePolicy: 'Oldest',
      LifeCycleEventOnTaskStateChange: false,
      DateTime: new Date().toISOString(),
      Status: status('Enabled', 'OK', false),
      Tasks: link(TASKS),
    }),
  });
  resource(app, TASKS, {
    get: ({ service }) =>
      collection(
        TASKS,
        '#TaskCollection.TaskCollection',
        'Task Collection',
        service.tasks.list().map((t) => `${TASKS}/${t.id}`),
      ),
  });
  resource(app, `${TASKS}/:tid`, {
    get: ({ service, params, path }) => {
      const t = service.tasks.get(params.tid ?? '');
      if (!t) throw Errors.resourceNotFound(path);
      return taskBody(t);
    },
  });
  app.get(`${TASK_MONITORS}/:tid`, async (req, reply) => {
    const service = serviceOf(req);
    service.sessions.authenticate(req.headers);
    const t = service.tasks.get((req.params as { tid: string }).tid);
    if (!t) throw Errors.resourceNotFound(req.url);
    if (t.state === 'Running' || t.state === 'New') {
      return reply
        .code(202)
        .headers({ Location: `${TASK_MONITORS}/${t.id}`, 'Retry-After': '1' })
        .send(taskBody(t));
    }
    return reply.code(200).send(taskBody(t));
  });
}
