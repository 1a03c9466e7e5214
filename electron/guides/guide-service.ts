/**
 * The call guides the desk serves: every guide checked at start-up (assets/guides), one asked for by call reason and
 * language (English when that language has none, and said so), and a guide's progress from the page checked against
 * the guide before it is saved with the wrap-up.
 */
import type { CallReason } from '../../shared/domain/call-reasons';
import { CodedError } from '../../shared/errors';
import type { LanguageCode } from '../../shared/i18n/languages';
import type { GuideProgress } from '../../shared/guides/progress';
import { stepTargets, type Guide, type ServedGuide } from '../../shared/guides/schema';
import { loadGuides } from './guide-files';

export class GuideService {
  private readonly guides: Map<string, Guide>;

  constructor(guides: Guide[]) {
    this.guides = new Map(guides.map((g) => [`${g.id}.${g.language}`, g]));
  }

  static fromAssets(assetsDir: string): GuideService {
    return new GuideService(loadGuides(assetsDir));
  }

  get(reason: CallReason, language: LanguageCode): ServedGuide {
    const own = this.guides.get(`${reason}.${language}`);
    if (own) return { guide: own, fallback: false };
    const english = this.guides.get(`${reason}.en`);
    if (!english) throw new CodedError('notFound', 'There is no guide for this call reason');
    return { guide: english, fallback: language !== 'en' };
  }

  /**
   * A walked path as the page reports it: it starts at the guide's first step and each step follows from the one
   * before (a step may repeat after Back), every ticked item is a checklist item of a walked step, and finished
   * means the path stops at an end step. Anything else is refused whole.
   */
  checkProgress(p: GuideProgress): void {
    const { guide } = this.get(p.guide, p.language);
    const steps = new Map(guide.steps.map((s) => [s.id, s]));
    const bad = (why: string) => new CodedError('invalidArgument', `The guide's progress does not fit the guide: ${why}`);
    if (p.path[0] !== guide.steps[0]?.id) throw bad('it does not start at the first step');
    p.path.forEach((id, i) => {
      if (!steps.has(id)) throw bad(`no step ${id}`);
      const before = i > 0 ? steps.get(p.path[i - 1] ?? '') : undefined;
      if (before && !stepTargets(before).includes(id)) throw bad(`${id} does not follow ${before.id}`);
    });
    for (const item of p.checked) {
      const [stepId, itemId] = item.split('.');
      if (!p.path.includes(stepId ?? '') || !steps.get(stepId ?? '')?.checklist?.some((c) => c.id === itemId))
        throw bad(`no checklist item ${item} on the path`);
    }
    const last = steps.get(p.path[p.path.length - 1] ?? '');
    if (p.finished !== (last?.end === true))
      throw bad(p.finished ? 'it is finished but does not stop at an end step' : 'it stops at an end step but is not finished');
  }
}
