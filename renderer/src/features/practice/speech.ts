/** Speaks the caller's lines where the platform offers speech synthesis; silently does nothing where it does not. */
export const canSpeak = (): boolean => typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';

export function speak(text: string, language: string): void {
  if (!canSpeak()) return;
  try {
    const u = new window.SpeechSynthesisUtterance(text);
    u.lang = language;
    window.speechSynthesis.speak(u);
  } catch {
    // A platform without voices: captions are still on screen.
  }
}

export function stopSpeaking(): void {
  if (canSpeak()) window.speechSynthesis.cancel();
}
