// Sandboxed preload: exposes one named function per contract channel and nothing else (never ipcRenderer itself).
import { contextBridge, ipcRenderer } from 'electron';
import { wireName } from '../shared/channels';
import { createBridge } from '../shared/client';

contextBridge.exposeInMainWorld(
  'ads',
  createBridge((channel, request) => ipcRenderer.invoke(wireName(channel), request)),
);
