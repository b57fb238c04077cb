"""Guessing join codes and passwords: every look-up by code counts its failures, a room
of 100 behind one address is never blocked by its own typos, passwords are limited per
account and address, and X-Forwarded-For is believed only from configured proxies."""

import pytest
from conftest import FACILITATOR_EMAIL, FACILITATOR_PASSWORD, FreshContextClient
from helpers import csrf_from, join_form

from config import TestConfig
from workshop import create_app
from workshop.accounts import set_facilitator_password
from workshop.extensions import db

WRONG = "WRONG234"


def at(app, address: str):
    """Return a client whose requests come from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def code_routes(app) -> list[tuple[str, str]]:
    """Every (method, rule) of the app whose URL holds a join code."""
    found = [
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if "code" in rule.arguments
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]
    assert ("GET", "/j/<code>/tables") in found
    return found


def look_up(client, method: str, rule: str, code: str):
    data = {"csrf_token": csrf_from(client, "/")} if method == "POST" else None
    return client.open(rule.replace("<code>", code), method=method, data=data)


def test_every_look_up_by_code_counts_against_the_failure_limit(app, demo):
    app.config["JOIN_FAIL_RATE_LIMIT"] = "3 per minute"
    app.config["JOIN_RATE_LIMIT"] = "1000 per minute"
    routes = code_routes(app) + [("POST", "/"), ("POST", "/api/v1/join")]
    for index, (method, rule) in enumerate(routes):
        client = at(app, f"10.0.1.{index + 1}")
        for attempt in range(3):
            if rule == "/":
                token = csrf_from(client, "/")
                response = client.post("/", data={"join_code": WRONG, "csrf_token": token})
            elif rule == "/api/v1/join":
                response = client.post("/api/v1/join", json={"join_code": WRONG})
            else:
                response = look_up(client, method, rule, f"{WRONG}{attempt}")
            assert response.status_code == 404, (method, rule, attempt, response.status_code)
        # The fourth guess at any route, even with the right code, is refused.
        again = look_up(client, "GET", "/j/<code>", demo.join_code)
        assert again.status_code == 429, (method, rule, again.status_code)


def test_a_room_of_100_behind_one_address_joins_despite_its_typos(app, demo):
    """The default limits: 100 people at one NAT, each mistypes the code once, all within
    the same minute; nobody is turned away."""
    limited = []
    for person in range(100):
        client = at(app, "192.0.2.10")
        token = csrf_from(client, "/")
        typo = client.post("/", data={"join_code": demo.join_code[:-1], "csrf_token": token})
        found = client.post("/", data={"join_code": demo.join_code, "csrf_token": token})
        joined = join_form(client, demo.join_code, name=f"Osallistuja {person}")
        tables = client.get(f"/j/{demo.join_code}/tables")
        statuses = (typo.status_code, found.status_code, joined.status_code, tables.status_code)
        limited.append(429 in statuses)
        assert statuses == (404, 302, 302, 200), (person, statuses)
    assert not any(limited)


def test_a_guesser_at_the_venue_does_not_lock_out_the_room_that_joined(app, demo):
    app.config["JOIN_FAIL_RATE_LIMIT"] = "5 per minute"
    venue = "192.0.2.20"
    joined = at(app, venue)
    join_form(joined, demo.join_code)
    guesser = at(app, venue)
    statuses = [guesser.get(f"/j/WRONG{n:03d}/tables").status_code for n in range(6)]
    assert statuses == [404] * 5 + [429]
    # The browser that joined keeps its pages; a new arrival waits for the minute.
    assert joined.get(f"/j/{demo.join_code}/tables").status_code == 200
    assert joined.get(f"/j/{demo.join_code}").status_code == 302  # on to the tables
    assert at(app, venue).get(f"/j/{demo.join_code}").status_code == 429
    # Another address is not concerned.
    assert at(app, "198.51.100.7").get(f"/j/{demo.join_code}").status_code == 200


def test_a_joined_browser_cannot_use_its_cookie_to_guess_other_codes(app, demo):
    app.config["JOIN_FAIL_RATE_LIMIT"] = "2 per minute"
    client = at(app, "192.0.2.30")
    join_form(client, demo.join_code)
    statuses = [client.get(f"/j/WRONG{n:03d}/tables").status_code for n in range(3)]
    assert statuses == [404, 404, 429]


def test_ipv6_addresses_of_one_network_count_together(app, demo):
    app.config["JOIN_FAIL_RATE_LIMIT"] = "2 per minute"
    network = "2001:db8:1:2:"
    statuses = [
        at(app, f"{network}:{host}").get(f"/j/WRONG{host:03d}").status_code for host in range(1, 4)
    ]
    assert statuses == [404, 404, 429]
    assert at(app, "2001:db8:1:3::1").get(f"/j/{demo.join_code}").status_code == 200


# -- facilitator passwords -----------------------------------------------------------------


def log_in(client, email: str, password: str):
    token = csrf_from(client, "/f/login")
    return client.post("/f/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def two_accounts(facilitator):
    set_facilitator_password(db.session, "toinen@example.fi", "toinen-salasana-9")
    db.session.commit()
    return FACILITATOR_EMAIL, "toinen@example.fi"


def test_one_facilitators_typos_do_not_lock_out_another_at_the_same_address(app, two_accounts):
    first, second = two_accounts
    venue = "192.0.2.40"
    typos = [log_in(at(app, venue), first, "vaara-salasana").status_code for _ in range(6)]
    assert typos == [401] * 5 + [429]
    # The mistyped account is held at this address, even with the right password...
    assert log_in(at(app, venue), first, FACILITATOR_PASSWORD).status_code == 429
    # ...but another account at the same address logs in,
    assert log_in(at(app, venue), second, "toinen-salasana-9").status_code == 302
    # and the same account from elsewhere.
    assert log_in(at(app, "198.51.100.8"), first, FACILITATOR_PASSWORD).status_code == 302


def test_many_accounts_tried_from_one_address_are_limited(app, facilitator):
    app.config["LOGIN_ADDRESS_FAIL_RATE_LIMIT"] = "4 per hour"
    statuses = [
        log_in(at(app, "203.0.113.5"), f"nobody{n}@example.fi", "arvaus-123").status_code
        for n in range(5)
    ]
    assert statuses == [401] * 4 + [429]
    assert (
        log_in(at(app, "203.0.113.5"), FACILITATOR_EMAIL, FACILITATOR_PASSWORD).status_code == 429
    )
    assert (
        log_in(at(app, "203.0.113.6"), FACILITATOR_EMAIL, FACILITATOR_PASSWORD).status_code == 302
    )


def test_one_account_tried_from_many_addresses_is_limited(app, facilitator):
    app.config["LOGIN_ACCOUNT_FAIL_RATE_LIMIT"] = "3 per hour"
    statuses = [
        log_in(at(app, f"203.0.113.{n}"), FACILITATOR_EMAIL, "arvaus-123").status_code
        for n in range(10, 14)
    ]
    assert statuses == [401] * 3 + [429]
    english = at(app, "203.0.113.99")
    english.set_cookie("aihio_lang", "en")
    held = log_in(english, FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    assert held.status_code == 429
    assert "Try again in" in held.get_data(as_text=True)  # an hour's limit says how long
    assert int(held.headers["Retry-After"]) > 60


# -- behind a reverse proxy ----------------------------------------------------------------


@pytest.fixture
def proxied(app):
    """A second app on the same database that trusts one reverse proxy."""

    def make(proxies: int):
        config = TestConfig(app.instance_path, app.config["SQLALCHEMY_DATABASE_URI"])
        config.TRUSTED_PROXIES = proxies
        config.JOIN_FAIL_RATE_LIMIT = "2 per minute"
        made = create_app(config)
        made.test_client_class = FreshContextClient
        return made

    return make


def guesses_from(app, forwarded_for: str, count: int) -> list[int]:
    client = at(app, "127.0.0.1")  # the proxy
    return [
        client.get(f"/j/WRONG{n:03d}", headers={"X-Forwarded-For": forwarded_for}).status_code
        for n in range(count)
    ]


def test_behind_a_trusted_proxy_each_client_address_counts_apart(proxied, demo):
    app = proxied(1)
    assert guesses_from(app, "198.51.100.1", 3) == [404, 404, 429]
    assert guesses_from(app, "198.51.100.2", 2) == [404, 404]  # the venue next door
    # A client cannot pick its address: the proxy appends the one it saw, the app reads it.
    assert guesses_from(app, "10.9.9.9, 198.51.100.1", 1) == [429]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(proxied, demo):
    app = proxied(0)
    statuses = [
        app.test_client()
        .get(f"/j/WRONG{n:03d}", headers={"X-Forwarded-For": f"198.51.100.{n}"})
        .status_code
        for n in range(3)
    ]
    assert statuses == [404, 404, 429]
