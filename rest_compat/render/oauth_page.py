"""Server-rendered HTML for ``/oauth/authorize``: the login and consent form, the code page.

Self-contained pages (inline CSS, no scripts, no external assets). Every interpolated
value goes through :func:`html.escape`. :func:`page` and :data:`PAGE_HEADERS` are the frame
and headers of every server-rendered page (the password reset pages use them too).
"""

from __future__ import annotations

from html import escape

_STYLE = """
body{font-family:system-ui,sans-serif;background:#1b2735;color:#e5e9ee;margin:0}
main{max-width:26rem;margin:3rem auto;padding:1.5rem;background:#121a24;border-radius:8px}
h1{font-size:1.3rem;margin-top:0}
label{display:block;margin:.8rem 0 .3rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;
border-radius:4px;border:1px solid #475a70;background:#0e141c;color:inherit}
button{margin-top:1.2rem;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#d8a070;
color:#121a24;font-weight:bold;cursor:pointer}
.error{background:#6b1f1f;padding:.6rem;border-radius:4px}
a{color:#d8a070}
.scopes{margin:.4rem 0;padding-left:1.2rem}
code{font-size:1.1rem;word-break:break-all;background:#0e141c;padding:.4rem;display:block}
"""

#: Headers for every page: no framing (clickjacking), no caching, no referrer leaks.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
        "base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def page(title: str, instance_name: str, body: str) -> str:
    """A whole HTML document around ``body`` (already escaped HTML); ``title`` and
    ``instance_name`` are plain text."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>{escape(title)} · {escape(instance_name)}</title>"
        f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>\n"
    )


def _hidden(name: str, value: str | None) -> str:
    if value is None:
        return ""
    return f'<input type="hidden" name="authorization[{escape(name)}]" value="{escape(value)}">'


def authorize_form(
    *,
    instance_name: str,
    app_name: str | None,
    app_website: str | None,
    client_id: str,
    redirect_uri: str,
    response_type: str,
    scopes: list[str],
    state: str | None,
    code_challenge: str | None = None,
    code_challenge_method: str | None = None,
    login: str = "",
    error: str | None = None,
) -> str:
    """The login and consent form; ``error`` is shown above it when a login failed."""
    name = escape(app_name or client_id)
    site = (
        f' (<span class="website">{escape(app_website)}</span>)' if app_website else ""
    )
    scope_items = "".join(f"<li>{escape(s)}</li>" for s in scopes)
    error_html = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    hidden = "".join(
        (
            _hidden("client_id", client_id),
            _hidden("redirect_uri", redirect_uri),
            _hidden("response_type", response_type),
            _hidden("scope", " ".join(scopes)),
            _hidden("state", state),
            _hidden("code_challenge", code_challenge),
            _hidden("code_challenge_method", code_challenge_method),
        )
    )
    body = (
        f"<h1>Log in to {escape(instance_name)}</h1>"
        f'<p><strong class="app-name">{name}</strong>{site} asks for access to your account '
        f'with these permissions:</p><ul class="scopes">{scope_items}</ul>'
        f"{error_html}"
        '<form method="post" action="/oauth/authorize" autocomplete="on">'
        '<label for="login">Username or e-mail</label>'
        '<input type="text" id="login" name="authorization[name]" required '
        f'autocomplete="username" value="{escape(login)}">'
        '<label for="password">Password</label>'
        '<input type="password" id="password" name="authorization[password]" required '
        'autocomplete="current-password">'
        f"{hidden}"
        '<button type="submit">Authorize</button></form>'
    )
    return page("Authorize " + (app_name or client_id), instance_name, body)


def oob_code(*, instance_name: str, app_name: str, code: str) -> str:
    """The page showing an authorization code to copy into the app (out-of-band flow)."""
    body = (
        "<h1>Authorization code</h1>"
        f"<p>Copy this code into <strong>{escape(app_name)}</strong>:</p>"
        f'<code id="authorization-code">{escape(code)}</code>'
    )
    return page("Authorization code", instance_name, body)
