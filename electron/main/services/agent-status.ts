/** The agent's availability. The softphone publishes it as SIP presence once registered. */
import type { AgentState, AgentStatus } from '../../../shared/domain/agent';
import type { EventBus } from '../event-bus';

export class AgentStatusService {
  private status: AgentStatus = { state: 'offline', since: new Date().toISOString() };

  constructor(private readonly bus: EventBus) {}

  get(): AgentStatus {
    return { ...this.status };
  }

  set(state: AgentState): AgentStatus {
    if (state !== this.status.state) {
      this.status = { state, since: new Date().toISOString() };
      this.bus.emit('agent.status', this.get());
    }
    return this.get();
  }
}
