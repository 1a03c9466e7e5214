/**
 * A call that carried another desk's hand-off (handoff.received): confirmed, the same patient opens (protected
 * sections still as verification allows) and the panel shows what the sender established; not confirmed, the
 * agent is told and the call is an ordinary one.
 */
import { create } from 'zustand';
import type { HandoffView } from '../../../../shared/handoff/handoff';
import { onEvent } from '../../app/api';
import { useCurrentPatient } from '../patient/current-patient';
import { usePhone } from '../phone/store';

interface HandoffState {
  view: HandoffView | null;
}

export const useHandoff = create<HandoffState>(() => ({ view: null }));

onEvent('handoff.received', (view) => {
  useHandoff.setState({ view });
  if (view.status === 'confirmed') void useCurrentPatient.getState().select(view.patient, 'screen pop from a confirmed hand-off');
});

// The hand-off belongs to its call: gone when the call is.
usePhone.subscribe((s) => {
  const view = useHandoff.getState().view;
  if (view && !s.calls[view.callId]) useHandoff.setState({ view: null });
});
