"""One line per request on the server's terminal: method, path, status, milliseconds.

WSGI middleware put around the app by `aihio serve`. Quiet for what a page pulls in by
itself (static files, the favicon) and for Socket.IO's long-polling requests, which come
several a second per laptop; a websocket is logged once, when it closes. Query strings are
left out, and so is the projector's secret token in its path (`/p/…`).
"""

import re
import sys
import time

QUIET_PREFIXES = ("/static/", "/assets/", "/favicon.ico")
_SECRET_PATHS = re.compile(r"^/p/[^/]+")


def loggable_path(path: str) -> str:
    """Return the path as it may be printed: the projector token masked."""
    return _SECRET_PATHS.sub("/p/…", path)


def is_quiet(environ) -> bool:
    """Tell whether a request goes unlogged (static files, Socket.IO long-polling)."""
    path = environ.get("PATH_INFO") or "/"
    if path.startswith(QUIET_PREFIXES):
        return True
    return path.startswith("/socket.io") and "transport=websocket" not in (
        environ.get("QUERY_STRING") or ""
    )


class RequestLog:
    """Wrap a WSGI app; write `METHOD path status ms` to `out` after each response."""

    def __init__(self, app, out=None) -> None:
        self.app = app
        self.out = out or sys.stderr

    def __call__(self, environ, start_response):
        if is_quiet(environ):
            return self.app(environ, start_response)
        started = time.perf_counter()
        status = ["-"]

        def recording_start_response(code, headers, exc_info=None):
            status[0] = code.split(" ", 1)[0]
            return start_response(code, headers, exc_info)

        try:
            body = self.app(environ, recording_start_response)
        except BaseException:
            status[0] = "500"
            self._write(environ, status[0], started)
            raise
        return _Logged(body, lambda: self._write(environ, status[0], started))

    def _write(self, environ, status: str, started: float) -> None:
        milliseconds = (time.perf_counter() - started) * 1000
        method = environ.get("REQUEST_METHOD", "-")
        path = loggable_path(environ.get("PATH_INFO") or "/")
        try:
            self.out.write(f"{method} {path} {status} {milliseconds:.0f} ms\n")
            self.out.flush()
        except (OSError, ValueError):  # a closed terminal must not fail a request
            pass


class _Logged:
    """The response body, logged when the server closes it (after the last byte)."""

    def __init__(self, body, on_close) -> None:
        self._body = body
        self._on_close = on_close

    def __iter__(self):
        return iter(self._body)

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close:
                close()
        finally:
            self._on_close()
