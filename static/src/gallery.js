// The voting gallery (templates/participant/gallery.html): every idea of the workshop,
// read-only, with "Vote" / "Take back a vote". Dots are cast over the participant's socket
// (`vote` / `unvote` answer votes_left and my_votes); `voting_state` on every (re)connect,
// `voting` live. The phase, messages and moves show as on the table page (room.js).

import { connect } from "./connection.js";
import { byId, format } from "./dom.js";
import { call, plural } from "./overview-common.js";
import { startRoom } from "./room.js";

const config = JSON.parse(byId("gallery-config").textContent);
const t = JSON.parse(byId("room-strings").textContent);

const state = {
  voting: config.voting || { open: false },
  votesLeft: config.votes_left,
  myVotes: config.my_votes || [],
};
const errorBox = byId("vote-error");
let busy = false;

const { socket, transport } = connect({
  workshopId: config.workshop_id,
  onConnect: sync,
  onDisconnect: () => {},
  onRefused: () => {},
  onChange: render,
});
startRoom({ socket, transport, tableId: null, workshopState: config.state });

async function sync() {
  const ack = await call(transport, "voting_state", {}, { t });
  if (!ack) return;
  state.voting = ack.voting || state.voting;
  state.votesLeft = ack.votes_left;
  state.myVotes = ack.my_votes || [];
  render();
}

socket.on("voting", (voting) => {
  const opened = voting?.open && !state.voting?.open;
  state.voting = voting;
  render();
  if (opened) sync();
});

function render() {
  const open = Boolean(state.voting?.open);
  byId("voting-note").textContent = open ? t.voting_open : t.voting_closed;
  byId("gallery-votes-left").textContent = open && typeof state.votesLeft === "number" ? plural(t.votes_left, state.votesLeft) : "";
  const counts = new Map();
  for (const id of state.myVotes) counts.set(id, (counts.get(id) || 0) + 1);
  for (const card of document.querySelectorAll(".gallery-idea")) {
    const id = Number(card.dataset.ideaId);
    const dots = counts.get(id) || 0;
    const label = card.querySelector(".my-dots");
    const text = dots ? format(t.my_dots, { count: dots }) : "";
    if (label.textContent !== text) label.textContent = text;
    label.dataset.dots = String(dots);
    const row = card.querySelector(".dot-row");
    if (row.children.length !== dots) {
      row.replaceChildren(...Array.from({ length: dots }, () => Object.assign(document.createElement("span"), { className: "dot" })));
    }
    card.classList.toggle("has-my-vote", dots > 0);
    card.querySelector("[data-vote]").disabled = !open || !transport.connected || !(state.votesLeft > 0);
    card.querySelector("[data-unvote]").disabled = !open || !transport.connected || dots === 0;
  }
}

async function cast(event, ideaId, button) {
  if (busy) return;
  busy = true;
  byId("gallery-app").setAttribute("aria-busy", "true");
  try {
    const ack = await call(transport, event, { idea_id: ideaId }, { errorBox, t });
    if (ack) {
      state.votesLeft = ack.votes_left;
      state.myVotes = ack.my_votes || [];
    }
  } finally {
    busy = false;
    byId("gallery-app").removeAttribute("aria-busy");
    render();
    // Keep the keyboard where it was; a button that became disabled hands it to its sibling.
    if (button.disabled) {
      const other = button.parentElement.querySelector(button.dataset.vote ? "[data-unvote]" : "[data-vote]");
      if (other && !other.disabled) other.focus();
    }
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-vote], button[data-unvote]");
  if (!button || button.disabled) return;
  const id = Number(button.dataset.vote || button.dataset.unvote);
  cast(button.dataset.vote ? "vote" : "unvote", id, button);
});

render();
