/**
 * The preload: exposes exactly the contract as `window.carefront` ({ invoke, on }) and nothing else.
 * Channel and event names are checked here against the contract; the arguments are validated in main.
 * Never hands the page ipcRenderer or any Electron object.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT, IPC_INVOKE, type CarefrontApi, type EventName } from '../../shared/ipc/contract';

const channelSet = new Set<string>(CHANNEL_NAMES);
const eventSet = new Set<string>(EVENT_NAMES);

const api: CarefrontApi = {
  invoke(channel, args) {
    if (!channelSet.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknownChannel', message: 'No such channel' } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, args);
  },
  on(event, listener) {
    if (!eventSet.has(event)) throw new Error('No such event');
    const handler = (_e: IpcRendererEvent, name: EventName, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('carefront', Object.freeze(api));
