"""The application factory."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, Config
from workshop import assets, i18n, live, logins, security_headers, url_ids
from workshop.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio
from workshop.json_provider import StrictJSONProvider
from workshop.realtime.packet import StrictPacket


def create_app(config: Config | None = None) -> Flask:
    """Create and configure an Aihio application."""
    config = config or Config()
    app = Flask(
        __name__,
        instance_path=str(Path(config.INSTANCE_PATH).resolve()),
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
    )
    app.config.from_object(config)
    app.json = StrictJSONProvider(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "facilitator.login"
    login_manager.login_message = i18n.LOGIN_MESSAGE
    # The session holds the login's token, not the account's id (workshop.logins).
    login_manager.user_loader(lambda token: logins.facilitator_of_login(db.session, token))
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["REDIS_URL"],
        channel=f"{app.config['REDIS_PREFIX']}-socketio",
        max_http_buffer_size=1_000_000,
        # Notice a dead venue Wi-Fi link within ~20 s, not the default 45 s.
        ping_interval=10,
        ping_timeout=10,
        serializer=StrictPacket,  # unreadable event data answers `invalid` (packet.py)
    )
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:  # outermost, so that Socket.IO's requests see the client's address too
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )

    from workshop import http_errors, realtime
    from workshop.api import bp as api_bp
    from workshop.facilitator import bp as facilitator_bp
    from workshop.facilitator.overview_pages import projector_bp
    from workshop.participant import bp as participant_bp
    from workshop.shared import bp as shared_bp

    url_ids.init_app(app)  # before the routes: `<int:...>` refuses ids beyond 64 bits
    app.register_blueprint(participant_bp)
    app.register_blueprint(facilitator_bp, url_prefix="/f")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(projector_bp)
    app.register_blueprint(shared_bp, url_prefix="/s")  # the coordination group's link
    csrf.exempt(api_bp)  # the API authenticates by bearer token or join code, not a form
    i18n.init_app(app)
    assets.init_app(app)  # fingerprinted, compressed static files; the favicon
    http_errors.init_app(app)
    security_headers.init_app(app)
    live.init_app(app)  # the app's one live state; the socket layer plugs into it
    realtime.init_app(app)

    from workshop.cli import register_commands

    register_commands(app)
    return app
