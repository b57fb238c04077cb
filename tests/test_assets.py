"""Static files at a venue: fingerprinted names cached for a year, compressed, a favicon.

Needs the built and compressed bundles (`make static`), as every page test does.
"""

import gzip
import re
import subprocess

from workshop.assets import YEAR, asset_url


def unbrotli(data: bytes) -> bytes:
    """Decompress brotli with Node's zlib (Node builds the bundles; no Python brotli pinned)."""
    script = (
        "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"
    )
    return subprocess.run(
        ["node", "-e", script], input=data, capture_output=True, check=True, timeout=30
    ).stdout


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)


def test_pages_link_fingerprinted_assets_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    urls = asset_urls(html)
    assert any(re.fullmatch(r"/assets/css/app\.[0-9a-f]{12}\.css", url) for url in urls), urls
    assert any(re.fullmatch(r"/assets/favicon\.[0-9a-f]{12}\.svg", url) for url in urls), urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == f"public, max-age={YEAR}, immutable"


def test_the_table_bundle_is_sent_compressed_to_browsers_that_accept_it(app, client):
    plain = client.get("/static/dist/table.js").get_data()
    with app.test_request_context("/"):
        url = asset_url("dist/table.js")  # as the table page's template makes it

    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in br.headers["Vary"]
    assert br.headers["Content-Type"].startswith("text/javascript")
    assert len(br.get_data()) < len(plain) / 3
    assert unbrotli(br.get_data()) == plain

    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.get_data()) == plain

    identity = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in identity.headers
    assert identity.get_data() == plain


def test_an_old_fingerprint_is_redirected_and_a_plain_name_is_not_cached(client):
    old = client.get("/assets/css/app.000000000000.css")
    assert old.status_code == 302
    assert re.search(r"/assets/css/app\.[0-9a-f]{12}\.css$", old.headers["Location"])
    plain = client.get("/assets/css/app.css")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-cache"
    assert client.get("/assets/css/app.css.gz").status_code == 404
    assert client.get("/assets/../config.py").status_code == 404


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico", follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in response.get_data()
