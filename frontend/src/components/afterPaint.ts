// Run work once the frame that shows the latest change has been painted (issue 20: a tap's pressed
// state must paint in the frame of the tap; what follows it — the queue write, the other cards —
// comes after). The browser's next idle moment comes after that frame is painted and after the tasks
// already waiting; where there is no requestIdleCallback (Safari), a task queued from the next
// animation frame. A hidden page gets neither, so a timer stands in; and a page being left runs what
// is still waiting at once. Nothing that must survive waits here: work started while a page unloads
// need not finish (a tap's write goes into the queue before, in the tap's own task).
const waiting = new Set<() => void>();
let listening = false;

function flush(): void {
  for (const work of [...waiting]) {
    waiting.delete(work);
    work();
  }
}

export function afterPaint(work: () => void): void {
  if (typeof requestAnimationFrame === 'undefined') {
    work();
    return;
  }
  if (!listening && typeof addEventListener !== 'undefined') {
    listening = true;
    addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
  }
  let cancel = () => {};
  const run = () => {
    if (!waiting.delete(run)) return; // already run (by the idle callback, the timer or a flush)
    cancel();
    clearTimeout(timer);
    work();
  };
  waiting.add(run);
  const timer = setTimeout(run, 250);
  if (typeof requestIdleCallback !== 'undefined') {
    const idle = requestIdleCallback(run);
    cancel = () => cancelIdleCallback(idle);
  } else {
    const frame = requestAnimationFrame(() => setTimeout(run, 0));
    cancel = () => cancelAnimationFrame(frame);
  }
}
