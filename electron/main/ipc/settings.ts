import type { Services } from '../services';
import type { Handlers } from '../dispatch';

export const settingsHandlers = (s: Services): Pick<Handlers, 'settings.get' | 'settings.setLanguage' | 'guidance.triggers' | 'guidance.prompts'> => ({
  'guidance.prompts': ({ language }) => s.promptPacks.get(language) ?? s.promptPacks.get('en')!,
  'guidance.triggers': ({ language }) => s.triggerPacks.get(language) ?? s.triggerPacks.get('en')!,
  'settings.get': () => s.settings.get(),
  'settings.setLanguage': ({ language }) => {
    const next = s.settings.update({ language });
    s.events.emit('settings.changed', next);
    return next;
  },
});
