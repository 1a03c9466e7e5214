/** The agent's availability. The softphone publishes it as SIP presence once registered. */
import type { AgentState, AgentStatus } from '../../../shared/domain/agent';
import { CodedError } from '../../../shared/errors';
import type { DomainEventBus } from '../domain-events';

export class AgentStatusService {
  private status: AgentStatus = { state: 'offline', since: new Date().toISOString() };
  /** Whether calls can reach this desk (the phone is registered): set by the desk that owns the phone. */
  private phoneReady: () => boolean = () => true;

  constructor(private readonly events: DomainEventBus) {}

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
   * The agent chooses a state. "Available" needs a phone that can take calls; anything else is
   * always allowed (a break, offline, or wrap-up again).
   */
  choose(state: AgentState): AgentStatus {
    if (state === 'available' && !this.phoneReady()) throw new CodedError('agentNeedsPhone', 'Available needs a registered phone');
    return this.set(state);
  }

  set(state: AgentState): AgentStatus {
    if (state !== this.status.state) {
      this.status = { state, since: new Date().toISOString() };
      this.events.emit('agent.stateChanged', this.get());
    }
    return this.get();
  }
}
