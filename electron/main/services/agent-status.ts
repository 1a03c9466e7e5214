/** The agent's availability. The softphone publishes it as SIP presence once registered. */
import type { AgentState, AgentStatus } from '../../../shared/domain/agent';
import { DEFAULT_NOT_READY_REASON, NotReadyCatalog } from '../../../shared/domain/not-ready';
import { CodedError } from '../../../shared/errors';
import type { DomainEventBus } from '../domain-events';

export class AgentStatusService {
  private status: AgentStatus = { state: 'offline', reason: null, since: new Date().toISOString() };
  /** Whether calls can reach this desk (the phone is registered): set by the desk that owns the phone. */
  private phoneReady: () => boolean = () => true;

  constructor(
    private readonly events: DomainEventBus,
    /** The not-ready reasons this desk offers (assets/not-ready/reasons.json). */
    readonly reasons: NotReadyCatalog = new NotReadyCatalog([{ id: DEFAULT_NOT_READY_REASON }]),
  ) {}

  get(): AgentStatus {
    return { ...this.status };
  }

  /** The desk's phone decides whether the agent can be Available (a registered phone). */
  readyWhen(check: () => boolean): void {
    this.phoneReady = check;
  }

  /** Whether "Available" can be chosen now: a call could actually reach the agent. */
  canBeAvailable(): boolean {
    return this.phoneReady();
  }

  /**
   * The agent chooses a state. "Available" needs a phone that can take calls; not ready (`break`) takes a
   * reason of the file (default: a plain break); anything else is always allowed (offline, or wrap-up again).
   */
  choose(state: AgentState, reason?: string): AgentStatus {
    if (state === 'available' && !this.phoneReady()) throw new CodedError('agentNeedsPhone', 'Available needs a registered phone');
    if (reason !== undefined && state !== 'break') throw new CodedError('invalidArgument', 'Only not ready takes a reason');
    if (reason !== undefined && !this.reasons.get(reason)) throw new CodedError('invalidArgument', 'Not a not-ready reason of this desk');
    return this.set(state, reason);
  }

  /** Sets the state (not ready: with its reason, a plain break when none is given); a new reason starts a new time. */
  set(state: AgentState, reason?: string): AgentStatus {
    const why = state === 'break' ? (reason ?? DEFAULT_NOT_READY_REASON) : null;
    if (state !== this.status.state || why !== this.status.reason) {
      this.status = { state, reason: why, since: new Date().toISOString() };
      this.events.emit('agent.stateChanged', this.get());
    }
    return this.get();
  }
}
