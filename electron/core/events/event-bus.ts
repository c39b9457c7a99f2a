import type { CoreEvent, Topic } from '../../../shared/api/events';

type Listener = (e: CoreEvent) => void;

/** Ids carried per event: past this many, listeners refresh by topic only. */
const MAX_REFS = 100;

/**
 * What changed in the core, told to every subscriber (IPC window, SSE clients). A burst of changes (the gateway
 * at thousands of writes a second, a batch of jobs) is coalesced into one event per window, so the renderer
 * refreshes at most a few times a second whatever the load.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private topics = new Set<Topic>();
  private refs = new Map<string, { topic: Topic; id: string }>();
  private overflow = false;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(private readonly windowMs = 100) {}

  emit(topic: Topic, id?: string): void {
    this.topics.add(topic);
    if (id !== undefined && !this.overflow) {
      this.refs.set(`${topic}\u0000${id}`, { topic, id });
      if (this.refs.size > MAX_REFS) {
        this.overflow = true;
        this.refs.clear();
      }
    }
    if (!this.timer && this.listeners.size > 0) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  /** Sends what is pending now (tests, and before closing). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.topics.size === 0) return;
    const event: CoreEvent = { seq: ++this.seq, topics: [...this.topics], refs: [...this.refs.values()] };
    this.topics = new Set();
    this.refs = new Map();
    this.overflow = false;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener that throws (a closed window) must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get lastSeq(): number {
    return this.seq;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
