/** Microphone, speaker and ringer: applied at once, to calls in progress too. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDevices, type DeviceKind } from '../../media/devices';
import { toastIfRejected } from '../../app/toasts';

export function AudioDevices() {
  const { t } = useTranslation();
  const { inputs, outputs, chosen, refresh, choose } = useDevices();
  useEffect(() => {
    const relist = () => {
      toastIfRejected(refresh());
    };
    relist();
    navigator.mediaDevices.addEventListener('devicechange', relist);
    return () => {
      navigator.mediaDevices.removeEventListener('devicechange', relist);
    };
  }, [refresh]);
  const row = (kind: DeviceKind, list: MediaDeviceInfo[]) => (
    <div className="field" key={kind}>
      <label htmlFor={`device-${kind}`}>{t(`devices.${kind}`)}</label>
      <select
        id={`device-${kind}`}
        value={chosen[kind]}
        onChange={(e) => {
          choose(kind, e.target.value);
        }}
      >
        <option value="">{t('devices.systemDefault')}</option>
        {list.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || t('devices.unnamed', { n: i + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className="devices">
      <legend>{t('devices.title')}</legend>
      {row('microphone', inputs)}
      {row('speaker', outputs)}
      {row('ringer', outputs)}
    </fieldset>
  );
}
