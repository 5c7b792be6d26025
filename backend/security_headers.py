"""The security headers on every response: Flask-Talisman's, with what never changes worked out once."""

from __future__ import annotations

from operator import attrgetter

from flask import current_app, request
from flask_talisman import Talisman
from werkzeug.datastructures import Headers

# The options from which Talisman derives the headers that do not depend on the request.
_FIXED_BY = attrgetter(
    "feature_policy",
    "permissions_policy",
    "document_policy",
    "frame_options",
    "frame_options_allow_from",
    "x_xss_protection",
    "x_content_type_options",
    "force_file_save",
    "content_security_policy",
    "content_security_policy_report_uri",
    "content_security_policy_report_only",
)


class SecurityHeaders(Talisman):
    """Talisman, with the headers that are the same on every response computed once and set again.

    For each response Talisman looks up the view's own options (three times a request), joins the
    Content-Security-Policy's directives and sets each header: ≈ 8 % of `/health` (issue 20). Ritme sets
    its options once, at start-up, with no per-view options and no nonce, so X-Frame-Options,
    X-Content-Type-Options, the CSP and the other policies are the same on every response. They are
    computed by Talisman's own methods on the first response (and again if an option is reassigned),
    then set on each response in Talisman's order, by the same assignment, so each response carries
    exactly the headers Talisman gives. Strict-Transport-Security (it depends on whether the request
    came over HTTPS) and Referrer-Policy are still set by Talisman on every response. A view with its
    own options (`@talisman(...)`) or a request with a CSP nonce gets plain Talisman throughout.
    """

    def init_app(self, app, **kwargs):
        self._fixed: tuple[tuple, list[tuple[str, str]]] | None = None
        super().init_app(app, **kwargs)

    def _force_https(self):
        if self.force_https or self._view_has_options():
            return super()._force_https()
        # What Talisman does before it finds no redirect to make (force_https off, no view overrides it).
        if self.session_cookie_secure and not self.app.debug:
            self.app.config["SESSION_COOKIE_SECURE"] = True
        return None

    def _make_nonce(self):
        if self.content_security_policy_nonce_in or self._view_has_options():
            super()._make_nonce()

    def _set_response_headers(self, response):
        if self._view_has_options() or getattr(request, "csp_nonce", None):
            return super()._set_response_headers(response)
        headers = response.headers
        for name, value in self._fixed_headers():
            headers[name] = value
        self._set_hsts_headers(headers)
        self._set_referrer_policy_headers(headers)
        return response

    @staticmethod
    def _view_has_options() -> bool:
        view = current_app.view_functions.get(request.endpoint)  # type: ignore[arg-type]
        return hasattr(view, "talisman_view_options")

    def _fixed_headers(self) -> list[tuple[str, str]]:
        # Keyed by the option objects themselves: reassigning one recomputes (a dict changed in place would not).
        options_now = _FIXED_BY(self)
        if self._fixed is None or self._fixed[0] != options_now:
            scratch = Headers()
            options = self._get_local_options()
            self._set_feature_policy_headers(scratch, options)
            self._set_permissions_policy_headers(scratch, options)
            self._set_document_policy_headers(scratch, options)
            self._set_frame_options_headers(scratch, options)
            self._set_content_security_policy_headers(scratch, options)
            self._fixed = (options_now, list(scratch.items()))
        return self._fixed[1]
