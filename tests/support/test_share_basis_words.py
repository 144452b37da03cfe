"""What the sharing pages say the law allows (FACTS.md: DPA 2018 Sch 1 para 18 allows processing
without consent to safeguard children and individuals at risk, where consent cannot be given or
asking would put protection at risk). Being a child or in danger is not a ground by itself."""

from __future__ import annotations

from lantern.support.models.plan import ShareBasis


def test_every_basis_without_consent_names_para_18_and_its_condition() -> None:
    for basis in (ShareBasis.CHILD, ShareBasis.IMMEDIATE_DANGER, ShareBasis.SAFEGUARDING):
        label = basis.label
        assert "DPA 2018 Sch 1 para 18" in label
        assert "consent cannot be given" in label
    assert ShareBasis.CONSENT.label == "The person's consent"
