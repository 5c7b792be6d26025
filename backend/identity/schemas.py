"""Marshmallow schemas of identity: *Args for input, plain names for output. The client secret is input only."""

from flask import request
from marshmallow import EXCLUDE, ValidationError, fields, validate, validates

from backend.fields import Id, Schema
from backend.identity import service
from backend.identity.models import ProviderKind, UnknownPeople

KINDS = [kind.value for kind in ProviderKind]
POLICIES = [policy.value for policy in UnknownPeople]
_DOMAIN = validate.Regexp(r"^@?([a-zA-Z0-9](-*[a-zA-Z0-9])*\.)+[a-zA-Z]{2,63}$", error="Not an e-mail domain.")
_TENANT = validate.Regexp(r"^[A-Za-z0-9.-]{1,64}$", error="Not a tenant id.")


class ProviderArgs(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    tenant_id = fields.String(allow_none=True, validate=_TENANT)
    issuer = fields.Url(
        allow_none=True, require_tld=False, schemes={"https", "http"}, validate=validate.Length(max=500)
    )
    client_id = fields.String(required=True, validate=validate.Length(min=1, max=255))
    client_secret = fields.String(validate=validate.Length(min=1, max=1000), load_only=True)
    domains = fields.List(
        fields.String(validate=[validate.Length(max=253), _DOMAIN]),
        required=True,
        validate=validate.Length(min=1, max=20),
    )
    unknown_people = fields.String(load_default=UnknownPeople.REFUSE.value, validate=validate.OneOf(POLICIES))

    @validates("client_id")
    def _client_id_not_blank(self, value, **_kwargs):
        if not value.strip():
            raise ValidationError("May not be empty.")


class BreakGlassCandidate(Schema):
    id = fields.Integer()
    name = fields.String()
    has_password = fields.Boolean(metadata={"description": "false: a password sign-in is impossible until a reset"})


class Provider(Schema):
    kind = fields.String()
    tenant_id = fields.String(allow_none=True)
    issuer = fields.String()
    client_id = fields.String()
    has_client_secret = fields.Function(lambda p: bool(p.client_secret_encrypted))
    domains = fields.Function(lambda p: [d.domain for d in p.domains])
    unknown_people = fields.String()
    require_provider = fields.Boolean()
    break_glass_user_id = fields.Integer(allow_none=True)
    provider_name = fields.Function(service.display_name)
    redirect_uri = fields.Function(lambda _p: service.redirect_uri(request.host_url))
    updated_at = fields.DateTime()
    admins = fields.Function(
        lambda p: BreakGlassCandidate(many=True).dump(service.break_glass_candidates(p)),
        metadata={"description": "the organisation's active admins: who may be the break-glass admin"},
    )


class PolicyArgs(Schema):
    require_provider = fields.Boolean(
        required=True, metadata={"description": "password sign-in refused for all but the break-glass admin"}
    )
    break_glass_user_id = Id(
        load_default=None, allow_none=True, metadata={"description": "an active admin of the organisation"}
    )


class EmailArgs(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class Discovery(Schema):
    method = fields.String(metadata={"description": "`provider` (go to the organisation's provider) or `password`"})
    provider_name = fields.String(allow_none=True)


class InviteSignIn(Schema):
    method = fields.String(
        metadata={
            "description": "`provider` (sign in there: the first sign-in completes the invite), `password` (choose "
            "one), `unavailable` (the provider is required but does not cover the address)"
        }
    )
    provider_name = fields.String(allow_none=True)
    required = fields.Boolean(metadata={"description": "the organisation requires its provider: no password"})
    email = fields.String()


class Started(Schema):
    redirect_url = fields.String(metadata={"description": "the provider's authorization URL: navigate there"})


class CallbackArgs(Schema):
    """What the provider sends back (anything else it adds, like session_state, is ignored)."""

    class Meta:
        unknown = EXCLUDE

    code = fields.String(validate=validate.Length(max=2000))
    state = fields.String(validate=validate.Length(max=200))
    error = fields.String(validate=validate.Length(max=200))
    iss = fields.String(validate=validate.Length(max=500))


class Options(Schema):
    options = fields.Dict(metadata={"description": "WebAuthn options as JSON (base64url for binary values)"})


class PasskeyArgs(Schema):
    credential = fields.Dict(required=True, metadata={"description": "the PublicKeyCredential as JSON"})
    name = fields.String(validate=validate.Length(max=80))


class PasskeySignInArgs(Schema):
    credential = fields.Dict(required=True, metadata={"description": "the PublicKeyCredential as JSON"})


class Passkey(Schema):
    id = fields.Integer()
    name = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
