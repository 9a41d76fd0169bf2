import { useEffect, useRef, useState } from 'preact/hooks';
import { followEvents, type NodeEvent } from './api';

/**
 * Calls `refresh` now, after node events (debounced) and, when the server has no event stream, every
 * few seconds. Returns whether the view is live (events) or polling.
 */
export function useLive(
  refresh: () => void,
  onEvent?: (e: NodeEvent) => void,
  deps: unknown[] = [],
): boolean {
  const [live, setLive] = useState(false);
  const refreshRef = useRef(refresh);
  const eventRef = useRef(onEvent);
  refreshRef.current = refresh;
  eventRef.current = onEvent;
  useEffect(() => {
    refreshRef.current();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const stop = followEvents(
      (e) => {
        eventRef.current?.(e);
        clearTimeout(timer);
        timer = setTimeout(() => refreshRef.current(), 300);
      },
      (isLive) => {
        setLive(isLive);
        clearInterval(poll);
        if (!isLive) poll = setInterval(() => refreshRef.current(), 5000);
      },
    );
    return () => {
      stop();
      clearTimeout(timer);
      clearInterval(poll);
    };
    // The caller lists what restarts the view.
  }, deps);
  return live;
}
