// The instructor's live feed: updates the learners table and the alerts list.
// Server-rendered forms do the steering; this only listens.

const table = document.getElementById("roster");
const alerts = document.getElementById("alerts");
const feedStatus = document.getElementById("feed-status");

const FIELDS = ["connected", "status", "t", "errors", "alerts"];

function row(learner) {
  let tr = table.querySelector(`tr[data-learner="${learner.id}"]`);
  if (!tr) {
    const empty = table.querySelector("tr.empty");
    if (empty) empty.remove();
    tr = document.createElement("tr");
    tr.dataset.learner = String(learner.id);
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = learner.name;
    tr.append(th);
    for (const field of FIELDS) {
      const td = document.createElement("td");
      td.dataset.field = field;
      if (field !== "connected" && field !== "status") td.className = "num";
      tr.append(td);
    }
    table.tBodies[0].append(tr);
  }
  return tr;
}

function show(learner) {
  const tr = row(learner);
  const values = {
    connected: learner.connected ? "yes" : "no",
    status: learner.status,
    t: String(Math.floor((learner.t || 0) / 60)),
    errors: String(learner.errors ?? 0),
    alerts: String(learner.alerts ?? 0),
  };
  for (const field of FIELDS) {
    tr.querySelector(`[data-field="${field}"]`).textContent = values[field];
  }
}

function addAlert(alert) {
  const li = document.createElement("li");
  const kind = document.createElement("span");
  kind.className = "alert-kind";
  kind.textContent = `${alert.name} (${alert.kind}, ${alert.t} s): `;
  li.append(kind, document.createTextNode(alert.text));
  alerts.prepend(li);
  while (alerts.children.length > 50) alerts.lastElementChild.remove();
}

function connect(delay) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}${table.dataset.ws}`);
  socket.addEventListener("open", () => { feedStatus.textContent = "Live feed connected."; delay = 1000; });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "roster") message.learners.forEach(show);
    else if (message.type === "learner") show(message.learner);
    else if (message.type === "alert") addAlert(message);
  });
  socket.addEventListener("close", (event) => {
    if (event.code === 4403) { feedStatus.textContent = "You cannot watch this session."; return; }
    feedStatus.textContent = "Live feed lost; reconnecting…";
    setTimeout(() => connect(Math.min(delay * 2, 15000)), delay);
  });
}

if (table) connect(1000);

// Inject faults without leaving the page, so the live feed (and its alerts) stays open.
const faultForm = document.getElementById("fault-form");
const steerStatus = document.getElementById("steer-status");
if (faultForm) {
  faultForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fault = faultForm.elements.fault;
    const learner = faultForm.elements.learner;
    try {
      const response = await fetch(faultForm.action, { method: "POST", body: new FormData(faultForm) });
      if (!response.ok) throw new Error(String(response.status));
      steerStatus.textContent = `Injected "${fault.selectedOptions[0].text}" for ${learner.selectedOptions[0].text.toLowerCase()}.`;
    } catch (error) {
      steerStatus.textContent = "The fault could not be injected. Reload the page and try again.";
    }
  });
}
