// Test-only WebXR emulation with Meta's IWER: a Quest 3 whose runtime replaces Chromium's
// navigator.xr. The page includes this bundle only with ?emulate=1 when the server's test
// flag allows it; it is never part of app.js.
import { XRDevice, metaQuest3 } from 'iwer';

const device = new XRDevice(metaQuest3);
device.installRuntime({ forceInstall: true });
window.__iwerDevice = device;
window.__iwerReady = Promise.resolve(device);
window.dispatchEvent(new Event('resilience:xr-emulated'));
