"""Running at a venue: the demo's agenda, the LAN address, the request log's lines."""

import io

from workshop.agenda import AgendaState
from workshop.request_log import RequestLog, is_quiet, loggable_path
from workshop.venue import is_loopback, venue_base_url


def test_the_demo_workshop_has_a_realistic_agenda(demo):
    phases = [phase.name for phase in AgendaState.from_dict(demo.agenda).phases]
    assert len(phases) >= 6
    text = " ".join(phases).lower()
    for step in ("tarpeet", "tavoitteet", "konsortio", "kahvi", "äänestys"):
        assert step in text, (step, phases)
    assert AgendaState.from_dict(demo.agenda).index is None  # the facilitator starts it


def test_the_lan_address_is_used_unless_there_is_none(monkeypatch):
    monkeypatch.setenv("AIHIO_LAN_ADDRESS", "10.1.2.3")
    assert venue_base_url(5000) == ("http://10.1.2.3:5000", True)
    for host in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "[::1]", "app.localhost"):  # noqa: S104
        assert is_loopback(host), host
    for host in ("10.1.2.3", "aihio.example.fi", "192.168.1.5"):
        assert not is_loopback(host), host


def test_the_request_log_writes_method_path_status_and_milliseconds():
    def app(environ, start_response):
        start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
        return [b"no"]

    out = io.StringIO()
    logged = RequestLog(app, out)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/p/secret-token/x", "QUERY_STRING": "a=b"}
    body = logged(environ, lambda *args: None)
    assert list(body) == [b"no"]
    assert out.getvalue() == ""  # written when the server closes the body
    body.close()
    method, path, status, ms, unit = out.getvalue().split()
    assert (method, path, status, unit) == ("POST", "/p/…/x", "404", "ms")
    assert int(ms) >= 0
    assert loggable_path("/p/abc") == "/p/…"


def test_static_files_and_socket_polling_are_not_logged():
    assert is_quiet({"PATH_INFO": "/assets/dist/table.0123456789ab.js"})
    assert is_quiet({"PATH_INFO": "/static/css/app.css"})
    assert is_quiet({"PATH_INFO": "/socket.io/", "QUERY_STRING": "EIO=4&transport=polling"})
    assert not is_quiet({"PATH_INFO": "/socket.io/", "QUERY_STRING": "EIO=4&transport=websocket"})
    assert not is_quiet({"PATH_INFO": "/j/ABCD2345"})


def test_the_projector_view_has_a_heading_and_the_workshops_language(app, client, demo):
    from workshop.extensions import db
    from workshop.facilitation import rotate_projector_token

    token = rotate_projector_token(demo)
    db.session.commit()
    client.set_cookie("aihio_lang", "en")  # whoever opens it, the room reads the workshop's
    html = client.get(f"/p/{token}").get_data(as_text=True)
    assert '<html lang="fi">' in html
    assert f'<h1 class="pj-workshop">{demo.title}</h1>' in html
    assert "Ei vielä ketään." in html and "Nobody yet." not in html
