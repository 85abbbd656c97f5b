/**
 * Runs `work` at most once per `intervalMs` while requests stream in, and once more after the last
 * request, so a chart that is expensive to rebuild follows a live sweep without falling behind it
 * and always ends up showing the final state.
 */
export class Throttle {
  private lastRun = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly intervalMs: number, private readonly work: () => void) {}

  request(): void {
    const wait = this.lastRun + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.runNow();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.runNow();
    }, wait);
  }

  runNow(): void {
    this.lastRun = Date.now();
    this.work();
  }
}
