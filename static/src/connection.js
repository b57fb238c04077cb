// The Socket.IO connection of a participant's page: websocket first with a polling
// fallback, reconnecting forever with backoff; identity from the HttpOnly join cookie,
// which rides on the handshake (`auth: {workshop_id}`). The facilitator's overview passes
// `auth: {}` (the session cookie rides along) and the projector `auth: {projector: token}`.

import { io } from "socket.io-client";

/**
 * @param {object} options
 * @param {number} options.workshopId
 * @param {object} [options.auth]           instead of {workshop_id}: the handshake's auth
 * @param {() => void} options.onConnect      (re)connected: join the table, resync the ideas
 * @param {(reason: string) => void} options.onDisconnect
 * @param {(message: string) => void} options.onRefused  the server refused who we are
 * @param {() => void} options.onChange       connected/offline may have changed
 */
export function connect({ workshopId, auth, onConnect, onDisconnect, onRefused, onChange }) {
  const socket = io({
    auth: auth || { workshop_id: workshopId },
    transports: ["websocket", "polling"],
    tryAllTransports: true, // a venue proxy that blocks websockets: fall back to polling
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.4,
    timeout: 10000,
  });

  const transport = {
    get connected() {
      return socket.connected;
    },
    /** Emit with an ack; reject on timeout or when the connection drops first. Never
     * buffers while offline (socket.io would send stale events ahead of the resync). */
    request(event, payload, timeoutMs) {
      return new Promise((resolve, reject) => {
        if (!socket.connected) {
          reject(new Error("offline"));
          return;
        }
        socket.timeout(timeoutMs).emit(event, payload, (error, ack) => {
          if (error) reject(error);
          else resolve(ack);
        });
      });
    },
    on(event, handler) {
      socket.on(event, handler);
    },
    /** The link looks dead (an ack never came): drop it and connect again now. */
    reconnect() {
      if (!socket.connected) return;
      socket.disconnect();
      socket.connect();
    },
  };

  socket.on("connect", () => {
    onChange();
    onConnect();
  });
  socket.on("disconnect", (reason) => {
    onDisconnect(reason);
    onChange();
    // "io server disconnect": the server dropped us on purpose (e.g. too many messages);
    // socket.io does not retry that by itself.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 2000);
  });
  socket.on("connect_error", (error) => {
    onChange();
    if (!socket.active) {
      // Refused by the server (unknown or expired join cookie): socket.io does not retry
      // that; the watchdog below tries again now and then.
      onRefused(String(error?.message || ""));
    }
  });

  // The device says the network is gone: say so at once instead of waiting for a ping
  // timeout, and connect again as soon as it is back.
  window.addEventListener("offline", () => {
    if (socket.connected) socket.disconnect();
    onChange();
  });
  window.addEventListener("online", () => {
    if (!socket.connected) {
      socket.disconnect(); // cancel a backoff timer that may still be long
      socket.connect();
    }
    onChange();
  });

  // Belt and braces: whatever stopped the socket (a manual disconnect, a refusal), try
  // again while the device believes it is online.
  setInterval(() => {
    if (!socket.connected && !socket.active && navigator.onLine !== false) socket.connect();
  }, 5000);

  return { socket, transport };
}
