"""Every page carries a strict Content-Security-Policy and the usual protective headers."""

import re

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/login/", "/accounts/signup/", "/api/v1/docs/"])
def test_pages_carry_a_strict_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == "default-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/login/", "/accounts/signup/", "/api/v1/docs/"])
def test_no_page_needs_an_inline_script_or_style_without_the_nonce(client, path):
    response = client.get(path)
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        if "src=" in tag:
            continue
        assert nonce and f'nonce="{nonce.group(1)}"' in tag, f"inline {tag} would be blocked"
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler would be blocked"
    assert not re.search(r"\sstyle\s*=", html), "an inline style attribute would be blocked"
