"""Configuration from the environment: one class, `os.environ.get(...) or default`."""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'aihio.sqlite3'}"
    # Heroku-style URLs name the dialect only; SQLAlchemy needs the driver (psycopg 3).
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, else one generated once and kept on disk."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


class Config:
    """Settings read from the environment when the app is created."""

    def __init__(self, instance_path: str | Path | None = None) -> None:
        self.INSTANCE_PATH = Path(
            instance_path or os.environ.get("AIHIO_INSTANCE") or BASE_DIR / "instance"
        )
        self.SECRET_KEY = _secret_key(self.INSTANCE_PATH)
        self.SQLALCHEMY_DATABASE_URI = _database_url(self.INSTANCE_PATH)
        if not self.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            # Connections each process keeps open to a database server (SQLAlchemy's pool:
            # this many, and as many again at peaks).
            pool = int(os.environ.get("AIHIO_DB_POOL_SIZE") or 10)
            self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": pool, "max_overflow": pool}
        self.REDIS_URL = os.environ.get("REDIS_URL") or None
        # Names in Redis (Socket.IO's channel, presence keys) start with this: several
        # deployments can share one Redis server.
        self.REDIS_PREFIX = os.environ.get("AIHIO_REDIS_PREFIX") or "aihio"
        self.ASYNC_MODE = os.environ.get("AIHIO_ASYNC_MODE") or "eventlet"
        self.PUBLIC_URL = (os.environ.get("AIHIO_PUBLIC_URL") or "").rstrip("/") or None

        self.BABEL_DEFAULT_LOCALE = "fi"
        self.LANGUAGES = ("fi", "en", "sv")
        self.BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "workshop" / "translations")

        # Cookies are Secure when the public address is https (AIHIO_SECURE_COOKIES=1 or 0
        # decides otherwise, e.g. 1 behind a proxy that serves https on another name).
        secure = os.environ.get("AIHIO_SECURE_COOKIES")
        self.SESSION_COOKIE_SECURE = (
            secure == "1"
            if secure in ("0", "1")
            else (self.PUBLIC_URL or "").startswith("https://")
        )
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.WTF_CSRF_TIME_LIMIT = None  # a workshop day is long; the token lives with the session
        # Over https Flask-WTF also demands a same-origin Referer, which Referrer-Policy:
        # no-referrer (the projector's token is in its URL) never sends; the token suffices.
        self.WTF_CSRF_SSL_STRICT = False
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host/-Port are
        # believed (Werkzeug's ProxyFix); 0 = none, the peer's address is the client's.
        self.TRUSTED_PROXIES = int(os.environ.get("AIHIO_TRUSTED_PROXIES") or 0)

        # Rate limits (docs/security.md has the arithmetic). A venue shares one
        # address: only failures count, and each limit leaves a room of 100 room to err.
        self.JOIN_RATE_LIMIT = os.environ.get("AIHIO_JOIN_RATE_LIMIT") or "600 per minute"
        self.JOIN_FAIL_RATE_LIMIT = (
            os.environ.get("AIHIO_JOIN_FAIL_RATE_LIMIT") or "120 per minute; 1000 per day"
        )
        self.LOGIN_FAIL_RATE_LIMIT = (  # per account and address
            os.environ.get("AIHIO_LOGIN_FAIL_RATE_LIMIT") or "5 per minute; 20 per hour"
        )
        self.LOGIN_ADDRESS_FAIL_RATE_LIMIT = (  # per address, any accounts
            os.environ.get("AIHIO_LOGIN_ADDRESS_FAIL_RATE_LIMIT") or "30 per minute; 100 per hour"
        )
        self.LOGIN_ACCOUNT_FAIL_RATE_LIMIT = (  # per account, any addresses
            os.environ.get("AIHIO_LOGIN_ACCOUNT_FAIL_RATE_LIMIT") or "50 per hour"
        )
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_HEADERS_ENABLED = True

        # Co-editing: the largest update accepted, and how many log rows an idea may
        # gather before they are merged into a snapshot.
        self.COLLAB_MAX_UPDATE_BYTES = int(os.environ.get("AIHIO_MAX_UPDATE_BYTES") or 256 * 1024)
        self.COLLAB_COMPACT_AFTER = int(os.environ.get("AIHIO_COMPACT_AFTER") or 500)
        # Socket events per connection: a token bucket; persistent abuse disconnects.
        self.SOCKET_RATE = float(os.environ.get("AIHIO_SOCKET_RATE") or 50)
        self.SOCKET_BURST = float(os.environ.get("AIHIO_SOCKET_BURST") or 200)
        self.SOCKET_STRIKES = int(os.environ.get("AIHIO_SOCKET_STRIKES") or 100)
        # Live overlap hints: an open idea's similar projects and drafts are recomputed at
        # most once per this many seconds, and only when its text changed (CPU-bound).
        self.HINT_EVERY = float(os.environ.get("AIHIO_HINT_EVERY") or 5)
        # A table's voice (characters per organisation) is re-sent at most this often
        # while its drafts are typed; who sits where is sent at once.
        self.TABLE_VOICE_EVERY = float(os.environ.get("AIHIO_TABLE_VOICE_EVERY") or 2)

        # How long participants' names are kept after the workshop (privacy notice).
        self.PARTICIPANT_RETENTION_DAYS = int(os.environ.get("AIHIO_RETENTION_DAYS") or 180)


class TestConfig(Config):
    """Settings for the test suite: threading mode in-process, a throwaway instance folder."""

    __test__ = False  # not a pytest test class

    TESTING = True

    def __init__(self, instance_path: str | Path, database_url: str) -> None:
        super().__init__(instance_path)
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.ASYNC_MODE = "threading"
