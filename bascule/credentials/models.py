"""Open Badges 3.0 credentials: the organisation's signing keys, the signed credentials of
badges and certificates, and the partners' endorsements.

`SigningKey`: one key pair of the organisation (Ed25519 for EdDSA, or RSA 2048 for RS256).
The public key is kept as a JWK and published at /ob/keys/<kid>; the private key is kept only
encrypted (PKCS #8, with a secret from the settings, never the database: keys.py), so the
database alone cannot sign. The newest key not retired signs; a retired key signs nothing but
stays published, so what it signed still verifies. A withdrawn key (compromised) is no longer
published: what it signed no longer verifies.

`Credential`: one signed OpenBadgeCredential per badge awarded or certificate issued (a unique
constraint each). Its row id is its index in the revocation status list (/ob/status/<n>), so
no index is ever given twice. It keeps the signed token (a VC-JWT), the salt of the holder's
e-mail hash and the key that signed it. It is revoked when its badge or certificate is, or
when the row is gone (the holder's data erased): the status list reads both.

`Endorsement`: a partner's sentence about the holder's credential, carried in the credential
as a signed EndorsementCredential (the credential is signed again with it).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from bascule.certificates.models import Certificate
from bascule.people.models import Employee
from bascule.recognition.models import BadgeAward

ENDORSEMENT_MAX = 500


class Algorithm(models.TextChoices):
    EDDSA = "EdDSA", _("EdDSA (Ed25519)")
    RS256 = "RS256", _("RS256 (RSA 2048)")


class SigningKey(models.Model):
    kid = models.CharField(_("key identifier"), max_length=64, unique=True)
    algorithm = models.CharField(_("algorithm"), max_length=8, choices=Algorithm.choices)
    public_jwk = models.JSONField(_("public key (JWK)"))
    private_key = models.BinaryField(_("private key (encrypted)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"SigningKey {self.kid} ({self.algorithm})"

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        return "retired" if self.retired_at else "active"


class CredentialKind(models.TextChoices):
    BADGE = "badge", _("Badge")
    CERTIFICATE = "certificate", _("Certificate")


class Credential(models.Model):
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=CredentialKind.choices)
    holder = models.ForeignKey(
        Employee, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="+"
    )
    award = models.OneToOneField(
        BadgeAward,
        verbose_name=_("badge awarded"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="credential",
    )
    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="credential",
    )
    salt = models.CharField(_("salt"), max_length=32)
    token = models.TextField(_("signed credential (VC-JWT)"), blank=True)
    key = models.ForeignKey(
        SigningKey,
        verbose_name=_("signing key"),
        null=True,
        on_delete=models.PROTECT,
        related_name="credentials",
    )
    valid_from = models.DateTimeField(_("valid from"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="badge", award__isnull=False, certificate__isnull=True)
                    | models.Q(kind="certificate", award__isnull=True, certificate__isnull=False)
                ),
                name="credential_of_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"Credential {self.uuid} ({self.kind})"

    @property
    def urn(self) -> str:
        return f"urn:uuid:{self.uuid}"


class Endorsement(models.Model):
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    credential = models.ForeignKey(
        Credential,
        verbose_name=_("credential"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    endorser = models.ForeignKey(
        Employee, verbose_name=_("endorser"), on_delete=models.CASCADE, related_name="+"
    )
    endorser_name = models.CharField(_("endorser's name"), max_length=300)
    text = models.TextField(_("endorsement"))
    token = models.TextField(_("signed endorsement (VC-JWT)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "endorser"], name="endorsement_once_per_endorser"
            ),
        ]

    def __str__(self) -> str:
        return f"Endorsement #{self.pk}"
