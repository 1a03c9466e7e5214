import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { must } from '../../../shared/must';

export const settingsHandlers = (s: Services): Pick<Handlers, 'settings.get' | 'settings.setLanguage' | 'guidance.triggers' | 'guidance.prompts'> => ({
  'guidance.prompts': ({ language }) => s.promptPacks.get(language) ?? must(s.promptPacks.get('en'), 'the English prompt pack'),
  'guidance.triggers': ({ language }) => s.triggerPacks.get(language) ?? must(s.triggerPacks.get('en'), 'the English trigger pack'),
  'settings.get': () => s.settings.get(),
  'settings.setLanguage': ({ language }) => {
    const next = s.settings.update({ language });
    s.events.emit('settings.changed', next);
    return next;
  },
});
