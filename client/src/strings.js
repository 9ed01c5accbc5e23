// Every string the learner sees or hears, in British English, in one place for translation.
// `t(key, params)` fills {name} placeholders.

const STRINGS = {
  appName: 'Resilience simulation',
  loading: 'Loading the simulation…',
  // Connection
  connConnecting: 'Connecting…',
  connOpen: 'Connected',
  connReconnecting: 'Connection lost: reconnecting in {seconds} s…',
  connClosed: 'Disconnected',
  connRefused: 'This session is not available: it may have ended or the code may be wrong.',
  connForbidden: 'You are not allowed to join this session. Please sign in or check your join code.',
  connLabel: 'Connection',
  sessionLabel: 'Session',
  statusWaiting: 'Waiting for the teacher to start',
  statusRunning: 'Running',
  statusPaused: 'Paused by the teacher',
  statusEnded: 'Session ended',
  pausedHint: 'You can look around; actions will work again when your teacher resumes.',
  endedHint: 'No more actions are accepted.',
  notConnected: 'Not connected: your action was not sent. Please wait for the connection to return.',
  // Views
  view3d: '3D view',
  canvasLabel: '3D view of the simulation. Tab moves between things you can use, Enter uses them, and ? shows help.',
  viewAccessible: 'Accessible view',
  switchToAccessible: 'Switch to the accessible view',
  switchTo3d: 'Switch to the 3D view',
  noWebgl: 'Your browser cannot show 3D graphics here, so the simulation runs in the accessible view.',
  enterVr: 'Enter VR',
  exitVr: 'Exit VR',
  vrNeedsHttps: 'VR needs a secure (HTTPS) connection',
  vrNotSupported: 'VR is not available on this device',
  seated: 'Seated mode',
  teleported: 'You moved to the marked spot.',
  standing: 'Standing mode',
  finishRun: 'Finish and see my result',
  finishConfirm: 'End the run now and see your result?',
  help: 'Help',
  close: 'Close',
  helpTitle: 'Keyboard and mouse',
  helpItems: [
    ['Tab / Shift+Tab', 'move between things you can use'],
    ['Enter or Space', 'use the highlighted thing'],
    ['← →  or  ↑ ↓', 'turn a dial or move a slider (with a dial or slider highlighted)'],
    ['W A S D or arrows', 'walk (hold Shift to walk slowly)'],
    ['Drag / mouse wheel', 'look around / zoom'],
    ['Esc', 'put down what you are holding, or close a menu'],
    ['?', 'show or hide this help'],
  ],
  touchHelp: 'Tap to use, drag to look around, pinch to zoom.',
  // Scene
  captions: 'Captions',
  captionsLog: 'What has happened',
  instruction: 'Instruction',
  statusLine: 'Progress',
  interactables: 'Things you can use',
  instruments: 'Readings',
  everythingElse: 'Other things in the room',
  noInteractables: 'Nothing to use just now.',
  press: 'Press',
  pressNamed: 'Press: {label}',
  setValue: 'Set',
  setNamed: 'Set {label}',
  grab: 'Pick up',
  grabBy: 'Pick up, holding it by: {option}',
  grabNamed: 'Pick up {label}',
  place: 'Put down on',
  placeNamed: 'Put {label} on',
  placeOn: 'Put it on: {target}',
  holding: 'You are holding: {label}',
  chooseGrip: 'How will you hold {label}?',
  chooseTarget: 'Where will you put {label}?',
  cancel: 'Cancel',
  putBack: 'Stop holding',
  enter: 'Enter',
  leave: 'Leave',
  enterNamed: 'Enter {label}',
  leaveNamed: 'Leave {label}',
  value: 'Value',
  range: 'from {min} to {max} {unit}',
  limits: 'Limits: {limits}',
  chartTable: 'Data for {label}',
  chartSample: 'Sample',
  chartNoData: 'no data yet',
  chartLatest: 'latest {value}',
  lineN: 'Line {n}',
  focused: '{label}: {text}',
  focusedHint: '{label}: {text}. {hint}',
  hintPress: 'Press Enter to use it.',
  hintDial: 'Use the arrow keys to change it.',
  hintGrab: 'Press Enter to pick it up.',
  hintZone: 'Press Enter to go there.',
  actionSent: 'Sent: {what}',
  // Results
  resultTitle: 'Your result',
  resultScore: 'Score: {score} out of 100',
  resultPassed: 'Passed',
  resultNotPassed: 'Not passed yet',
  resultCriteria: 'What was assessed',
  resultStrengths: 'What went well',
  resultImprovements: 'What to improve',
  resultTime: 'Time taken: {minutes} min {seconds} s',
  criterionMet: 'met',
  criterionNotMet: 'not met',
  errorFromServer: 'That did not work: {error}',
  // Kinds of captions, read before the text
  kind: {
    caption: 'Instruction', info: 'Information', error: 'Mistake', excursion: 'Over the limit',
    alert: 'Alert', fault: 'Fault', result: 'Test result', done: 'Finished',
  },
  skipTo3d: 'Skip to the simulation controls',
};

function t(key, params = {}) {
  let s = key.split('.').reduce((o, k) => (o == null ? o : o[k]), STRINGS);
  if (typeof s !== 'string') return key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (params[k] == null ? '' : String(params[k])));
}

function formatNumber(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const digits = a >= 1000 || Number.isInteger(v) ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return v.toLocaleString('en-GB', { maximumFractionDigits: digits });
}

export { STRINGS, t, formatNumber };
