import { baseMessage, type RedfishMessage, successMessage } from './errors.js';

/** Redfish `TaskState` values the emulator uses. */
export type TaskState = 'New' | 'Running' | 'Completed' | 'Exception' | 'Cancelled';

/** A long-running operation, exposed as `/redfish/v1/TaskService/Tasks/{id}`. */
export interface EmulatedTask {
  /** Task id. */
  id: string;
  /** Display name, e.g. `SimpleUpdate`. */
  name: string;
  /** Current state. */
  state: TaskState;
  /** `OK` while fine, `Critical` on exception. */
  status: 'OK' | 'Warning' | 'Critical';
  /** 0–100. */
  percent: number;
  /** When it started. */
  startTime: Date;
  /** When it ended. */
  endTime?: Date;
  /** Messages about progress and outcome. */
  messages: RedfishMessage[];
  /** The request that started it (`TargetUri`, `HttpOperation`, `JsonBody`). */
  payload: {
    /** Target URI of the request. */
    uri: string;
    /** HTTP method. */
    method: string;
    /** JSON body as sent. */
    body: string;
  };
}

/** Reports progress from inside a running task. */
export type TaskProgress = (percent: number, note?: string) => void;

/** Keeps the tasks of one Redfish service and runs their work. */
export class TaskStore {
  private readonly tasks = new Map<string, EmulatedTask>();
  private next = 1;

  /** All tasks, oldest first. */
  list(): EmulatedTask[] {
    return [...this.tasks.values()];
  }

  /** One task by id. */
  get(id: string): EmulatedTask | undefined {
    return this.tasks.get(id);
  }

  /**
   * Starts `work` as a task and returns it at once (state `Running`). A thrown error ends the task in
   * `Exception` with the error's message.
   */
  start(
    name: string,
    payload: EmulatedTask['payload'],
    work: (progress: TaskProgress) => Promise<void>,
  ): EmulatedTask {
    const task: EmulatedTask = {
      id: String(this.next++),
      name,
      state: 'Running',
      status: 'OK',
      percent: 0,
      startTime: new Date(),
      messages: [],
      payload,
    };
    this.tasks.set(task.id, task);
    const progress: TaskProgress = (percent, note) => {
      task.percent = Math.max(task.percent, Math.min(100, Math.round(percent)));
      if (note) {
        task.messages.push(baseMessage('TaskProgressChanged', note, [task.id, String(task.percent)], 'OK'));
      }
    };
    work(progress).then(
      () => {
        task.state = 'Completed';
        task.percent = 100;
        task.endTime = new Date();
        task.messages.push(
          baseMessage('TaskCompletedOK', `The task with Id '${task.id}' has completed.`, [task.id], 'OK'),
          successMessage(),
        );
      },
      (e: unknown) => {
        task.state = 'Exception';
        task.status = 'Critical';
        task.endTime = new Date();
        task.messages.push(
          baseMessage(
            'TaskAborted',
            `The task with Id '${task.id}' has been aborted: ${e instanceof Error ? e.message : String(e)}`,
            [task.id],
            'Critical',
          ),
        );
      },
    );
    return task;
  }
}
