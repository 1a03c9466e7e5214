/** A not-ready reason's label: the locale files name each reason of the file; one without a label reads as "other". */
import type { TFunction } from 'i18next';
import en from '../../../../shared/locales/en.json';

type LabelledReason = keyof typeof en.notReady.reasons;
const labelled = (id: string): id is LabelledReason => Object.hasOwn(en.notReady.reasons, id);

export function reasonLabel(t: TFunction, id: string | null | undefined): string {
  return t(`notReady.reasons.${id && labelled(id) ? id : 'other'}`);
}
