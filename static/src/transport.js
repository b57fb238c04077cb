// A transport for idea sessions (static/src/sync.js) that passes everything through to the
// page's connection and lets a panel read the answers: the consortium, the hints and the
// provenance each learn an idea's data from its open_idea ack this way.

/**
 * @param {object} base  the transport to wrap ({connected, on, request, reconnect, ...})
 * @param {object} hooks
 * @param {(event: string, payload: object) => void} [hooks.before]  runs as a request is sent
 * @param {(event: string, payload: object, ack: object) => void} [hooks.after]  runs on its answer
 */
export function watchRequests(base, { before, after }) {
  const request = async (event, payload, timeoutMs) => {
    before?.(event, payload);
    const ack = await base.request(event, payload, timeoutMs);
    after?.(event, payload, ack);
    return ack;
  };
  return new Proxy(base, {
    get(target, prop) {
      if (prop === "request") return request;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
